package org.signet.lexicon;

/**
 * The bits of each entry of {@code detect/lexicon.tsv.gz}: what the sources know of a word. {@link BuildLexicon}
 * writes them; tokenization-service's detector reads them. The one definition both sides use.
 */
public final class LexiconBits {

    /** Written lower-case in some source: an ordinary word of English (or of its medical vocabulary). */
    public static final int WORD = 1;
    /** Written capitalised only, in a dictionary of English: a proper noun. */
    public static final int PROPER = 2;
    public static final int GIVEN = 4;
    public static final int SURNAME = 8;
    /** A WordNet place (noun.location, capitalised). */
    public static final int PLACE = 16;
    /** A WordNet person (noun.person, capitalised): "Lincoln", "Einstein". */
    public static final int PERSON = 32;
    /** A medicine or disease name. */
    public static final int MEDICAL = 64;
    /** A WordNet organisation (noun.group, capitalised). */
    public static final int ORGANIZATION = 128;
    /** A hospital's name, whole. */
    public static final int HOSPITAL = 256;
    /** Written in capitals in a dictionary of English: an acronym it knows ("ICU", "ECG"). */
    public static final int ACRONYM = 512;
    /**
     * A given name or surname of another locale only. Those lists hold words of English too ("With", "Will",
     * "To" are Dutch surnames), so this bit is weaker than GIVEN or SURNAME.
     */
    public static final int WORLD_NAME = 1024;
    /** A closed-class word of English (determiner, preposition, pronoun, modal ...): never a name on its own. */
    public static final int FUNCTION = 2048;
    /** Tagged as a verb, adjective or adverb in some use: "aware", "notified", "powers". */
    public static final int VERBAL = 4096;
    /** A US state's name or postal abbreviation: Safe Harbor lets a state stand, so it is never a place to hide. */
    public static final int STATE = 8192;

    private LexiconBits() {
    }
}
