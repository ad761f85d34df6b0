package io.gatehouse.platform.web;

/** The bounds of a page of a list: {@code page} from 0, {@code size} from 1 to {@link #MAX_PAGE_SIZE}. */
public final class Paging {

    public static final int MAX_PAGE_SIZE = 500;
    public static final int MAX_PAGE = Integer.MAX_VALUE / MAX_PAGE_SIZE;
    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final String PAGE_RULE = "must be a whole number from 0 to " + MAX_PAGE;
    public static final String SIZE_RULE = "must be a whole number from 1 to " + MAX_PAGE_SIZE;

    private Paging() {
    }

    public static int page(Integer page) {
        return page == null ? 0 : page;
    }

    public static int size(Integer size) {
        return size == null ? DEFAULT_PAGE_SIZE : size;
    }
}
