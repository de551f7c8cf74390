package cn.wangshi;

/**
 * An error of the wangshi contract: a stable {@link #code()} such as {@code unknown_tier}, a
 * {@link #message()} saying what was wrong, and, where known, the {@link #path()} into the
 * request ({@code residents[3].last_visit}). Codes are the same from every layer (Rust, C,
 * Python, Java, PHP).
 */
public class WangshiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final String detail;
    private final String path;

    /**
     * An error with its code, message and path.
     *
     * @param code the contract's snake_case code, such as {@code invalid_date}
     * @param message what was wrong
     * @param path where in the request, or {@code null}
     */
    public WangshiException(String code, String message, String path) {
        super(code + (path != null ? " at " + path : "") + ": " + message);
        this.code = code;
        this.detail = message;
        this.path = path;
    }

    /** @return the stable snake_case code, such as {@code unknown_field} */
    public String code() {
        return code;
    }

    /** @return what was wrong, without the code and path */
    public String message() {
        return detail;
    }

    /** @return the path into the request, such as {@code residents[3].tier}, or {@code null} */
    public String path() {
        return path;
    }
}
