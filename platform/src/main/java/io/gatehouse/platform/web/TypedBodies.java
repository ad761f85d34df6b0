package io.gatehouse.platform.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.messaging.Rejection.FieldError;
import jakarta.validation.Validator;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Request bodies are records bound by Jackson and checked by Bean Validation ({@code @Valid}); this makes bad
 * input of the wrong type part of the same answer. Before binding, every value of the wrong type is named and
 * dropped ({@link BodyShape}); after binding, if any was, the rest of the record is validated too and one 400
 * names every bad field. Without such values, {@code @Valid} and {@link ProblemHandling} answer as usual.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TypedBodies extends RequestBodyAdviceAdapter {

    private static final String WRONG_TYPES = TypedBodies.class.getName() + ".wrongTypes";

    private final ObjectMapper mapper;
    private final Validator validator;

    public TypedBodies(ObjectMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return parameter.getParameterType().isRecord();
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        byte[] bytes = input.getBody().readAllBytes();
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (IOException malformed) {
            return replay(input, bytes); // Jackson names it when it binds
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return replay(input, bytes);
        }
        if (!root.isObject() && BodyShape.delegate(parameter.getParameterType()) == null) {
            throw BodyErrors.invalid(List.of(new FieldError("body", "must be a JSON object")));
        }
        List<FieldError> wrongTypes = new ArrayList<>();
        BodyShape.check(root, targetType, "", false, wrongTypes);
        if (wrongTypes.isEmpty()) {
            return replay(input, bytes);
        }
        RequestContextHolder.currentRequestAttributes()
                .setAttribute(WRONG_TYPES, wrongTypes, RequestAttributes.SCOPE_REQUEST);
        return replay(input, mapper.writeValueAsBytes(root));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object afterBodyRead(Object body, HttpInputMessage input, MethodParameter parameter, Type targetType,
                                Class<? extends HttpMessageConverter<?>> converterType) {
        RequestAttributes attributes = RequestContextHolder.currentRequestAttributes();
        List<FieldError> wrongTypes = (List<FieldError>) attributes.getAttribute(WRONG_TYPES,
                RequestAttributes.SCOPE_REQUEST);
        if (wrongTypes == null) {
            return body;
        }
        attributes.removeAttribute(WRONG_TYPES, RequestAttributes.SCOPE_REQUEST);
        List<FieldError> errors = new ArrayList<>(wrongTypes);
        validator.validate(body).stream().map(BodyErrors::of)
                .filter(error -> !BodyErrors.related(error.field(), wrongTypes))
                .forEach(errors::add);
        throw BodyErrors.invalid(errors);
    }

    private static HttpInputMessage replay(HttpInputMessage input, byte[] bytes) {
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public HttpHeaders getHeaders() {
                return input.getHeaders();
            }
        };
    }
}
