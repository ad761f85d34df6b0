package io.gatehouse.platform.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The name of a constant of an enum. A query parameter is bound to a String with this rather than to the enum,
 * so that a bad value is a violation like any other and does not hide the rest of the query's mistakes.
 */
@Documented
@Constraint(validatedBy = NameOf.Validator.class)
@Target({ElementType.FIELD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface NameOf {

    Class<? extends Enum<?>> value();

    String message() default "is not one of the names";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<NameOf, String> {

        private Class<? extends Enum<?>> type;

        @Override
        public void initialize(NameOf annotation) {
            this.type = annotation.value();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || Arrays.stream(type.getEnumConstants()).anyMatch(c -> c.name().equals(value))) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate("must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(Enum::name).collect(Collectors.joining(", "))).addConstraintViolation();
            return false;
        }
    }
}
