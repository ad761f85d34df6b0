package io.gatehouse.command.provisioning;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.util.Locale;

/**
 * An application's URLs as Azure AD takes them. Absent, blank and over-long values are left to
 * {@code @NotBlank} and {@code @Size}, so that each bad field gets one message.
 */
public final class ApplicationUrls {

    static final int MAX_LENGTH = 256;

    private ApplicationUrls() {
    }

    /** A Reply URL: https (http only to localhost), a host, no user info and no fragment. */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = ReplyUrl.Validator.class)
    public @interface ReplyUrl {

        String message() default "must be an https URL (http only for localhost)";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Validator implements ConstraintValidator<ReplyUrl, String> {

            @Override
            public boolean isValid(String value, ConstraintValidatorContext context) {
                if (checkedElsewhere(value)) return true;
                URI uri = absolute(value);
                if (uri == null) return refuse(context, "must be an absolute URL");
                String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
                boolean loopback = "localhost".equalsIgnoreCase(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
                if (!scheme.equals("https") && !(scheme.equals("http") && loopback)) {
                    return refuse(context, "must be an https URL (http only for localhost)");
                }
                if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
                    return refuse(context, "must have a host and no user info or fragment");
                }
                return true;
            }
        }
    }

    /** An App ID URI: api:// or https://, a host or an id after the scheme, no user info and no fragment. */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = AppIdUri.Validator.class)
    public @interface AppIdUri {

        String message() default "must be an api:// or https:// URI";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Validator implements ConstraintValidator<AppIdUri, String> {

            @Override
            public boolean isValid(String value, ConstraintValidatorContext context) {
                if (checkedElsewhere(value)) return true;
                URI uri = absolute(value);
                if (uri == null) return refuse(context, "must be an absolute URL");
                String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("api") && !scheme.equals("https")) {
                    return refuse(context, "must be an api:// or https:// URI");
                }
                if (uri.getRawAuthority() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
                    return refuse(context, "must name a host or an id after the scheme, with no user info or fragment");
                }
                return true;
            }
        }
    }

    private static boolean checkedElsewhere(String value) {
        return value == null || value.isBlank() || value.length() > MAX_LENGTH;
    }

    private static URI absolute(String value) {
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() ? uri : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean refuse(ConstraintValidatorContext context, String message) {
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(message).addConstraintViolation();
        return false;
    }
}
