package org.signet.tokenization.detect;

import java.util.List;

/** Finds PHI spans of one or more kinds in free text. Implementations are immutable and thread-safe. */
public interface PhiRecognizer {

    /** All candidate spans in {@code text}; may overlap each other, {@link PhiDetector} resolves that. */
    List<PhiSpan> detect(String text);

    String name();
}
