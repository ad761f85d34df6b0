package io.gatehouse.platform.web;

/** Bean Validation reads a message as a template: a message made from data is escaped so it stays literal. */
final class Messages {

    private Messages() {
    }

    static String literal(String message) {
        return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
}
