package io.gatehouse.membership;

/** What kind of directory object a member of the account is. */
public enum MemberType {
    USER, GROUP, APPLICATION;

    /** The lower-case form used in URLs and in the API's {@code type} field. */
    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static MemberType fromApiName(String name) {
        for (MemberType type : values()) {
            if (type.apiName().equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("not a member type: " + name);
    }
}
