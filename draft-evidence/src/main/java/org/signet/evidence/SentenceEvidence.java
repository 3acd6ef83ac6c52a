package org.signet.evidence;

import java.util.List;

/**
 * One sentence of a draft and what it rests on.
 *
 * @param start     offset of the sentence in the draft text
 * @param end       end offset (exclusive)
 * @param supported whether its sources cover it above the threshold, with its numbers, tokens and negation agreeing
 * @param score     the coverage of its best sources, 0..1
 * @param sources   its sources, best first; empty when nothing comes close
 */
public record SentenceEvidence(int start, int end, boolean supported, double score, List<SourceRef> sources) {}
