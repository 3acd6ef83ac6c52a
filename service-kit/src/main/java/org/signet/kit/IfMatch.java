package org.signet.kit;

/** The version an {@code If-Match} header names, for resources whose ETag is their version number. */
public final class IfMatch {

    private IfMatch() {}

    /**
     * @param header {@code "3"}, weak {@code W/"3"}, {@code *} or absent
     * @param what   the resource, in fixed words, for the refusal ("a purpose version")
     * @return the version, or null when the header is absent or {@code *} (any version)
     */
    public static Long version(String header, String what) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String tag = header.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            return Long.valueOf(tag);
        } catch (NumberFormatException e) {
            throw DomainException.invalid("If-Match must be the ETag of " + what + ", e.g. \"3\"");
        }
    }
}
