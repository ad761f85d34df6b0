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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** No item of a list twice: the second one is named by its index ({@code memberIds[3]}: is listed twice). */
@Documented
@Constraint(validatedBy = Distinct.Validator.class)
@Target({ElementType.FIELD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Distinct {

    String message() default "is listed twice";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<Distinct, List<?>> {

        @Override
        public boolean isValid(List<?> items, ConstraintValidatorContext context) {
            if (items == null) {
                return true;
            }
            Set<Object> seen = new HashSet<>();
            boolean valid = true;
            context.disableDefaultConstraintViolation();
            for (int i = 0; i < items.size(); i++) {
                Object item = items.get(i);
                if (item != null && !seen.add(item)) {
                    valid = false;
                    context.buildConstraintViolationWithTemplate("is listed twice")
                            .addPropertyNode("[" + i + "]").addConstraintViolation();
                }
            }
            return valid;
        }
    }
}
