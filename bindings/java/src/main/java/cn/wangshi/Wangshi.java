package cn.wangshi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * wangshi (网事) from Java: the JSON entry point, names of the library's codes, and the
 * library's loading. The typed batches are {@link VisitPolicy} and {@link CaseRouter}.
 *
 * <pre>{@code
 * String response = Wangshi.evaluateJson("{\"op\": \"tier.suggest\", \"tags\": [\"key_petitioner\"]}");
 * JsonNode result = Wangshi.evaluate("{\"op\": \"tier.suggest\", \"tags\": [\"key_petitioner\"]}");
 * result.get("tier").asText();   // "red"; a bad request throws WangshiException
 * }</pre>
 *
 * <p>The native library {@code libwangshi} is loaded on first use: from the path of the system
 * property {@code wangshi.library} when it is set, else by name from {@code jna.library.path}
 * and the system's library path (as {@code scripts/install.sh} installs it); call {@link
 * #load(String)} first to name the file yourself. Everything here is thread-safe.
 */
public final class Wangshi {
    private Wangshi() {}

    /** "No date" in day-number columns: a resident never visited, rolling periods, error rows. */
    public static final int NO_DATE = Integer.MIN_VALUE;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static volatile String loadedFrom;

    /**
     * Loads libwangshi from {@code path} (a file such as {@code /opt/wangshi/lib/libwangshi.so}).
     * Call it before any other use; calling it again with the same path does nothing.
     *
     * @param path the shared library file
     * @throws UnsatisfiedLinkError when it cannot be loaded, or another copy is already loaded
     */
    public static synchronized void load(String path) {
        String absolute = new File(path).getAbsolutePath();
        if (loadedFrom != null) {
            if (loadedFrom.equals(absolute)) {
                return;
            }
            throw new UnsatisfiedLinkError(
                    "libwangshi is already loaded from " + loadedFrom + "; cannot load " + absolute);
        }
        NativeLibrary lib;
        try {
            lib = NativeLibrary.getInstance(absolute);
        } catch (UnsatisfiedLinkError e) {
            UnsatisfiedLinkError one =
                    new UnsatisfiedLinkError("cannot load libwangshi: looked at " + absolute + " (" + firstLine(e) + ")");
            one.initCause(e);
            throw one;
        }
        bind(lib, absolute);
    }

    /** Loads the library the default way unless it is loaded already. */
    static void ensureLoaded() {
        if (loadedFrom == null) {
            loadDefault();
        }
    }

    private static synchronized void loadDefault() {
        if (loadedFrom != null) {
            return;
        }
        String explicit = System.getProperty("wangshi.library");
        if (explicit != null && !explicit.isEmpty()) {
            load(explicit);
            return;
        }
        NativeLibrary lib;
        try {
            lib = NativeLibrary.getInstance("wangshi");
        } catch (UnsatisfiedLinkError e) {
            UnsatisfiedLinkError one = new UnsatisfiedLinkError(notFound(e));
            one.initCause(e);
            throw one;
        }
        bind(lib, lib.getFile() != null ? lib.getFile().getAbsolutePath() : lib.getName());
    }

    private static void bind(NativeLibrary lib, String from) {
        if (Native.SIZE_T_SIZE != 8) {
            throw new UnsatisfiedLinkError("the wangshi binding needs a 64-bit JVM (size_t is "
                    + Native.SIZE_T_SIZE + " bytes here)");
        }
        try {
            Lib.bind(lib);
        } catch (UnsatisfiedLinkError e) {
            UnsatisfiedLinkError one = new UnsatisfiedLinkError(
                    from + " is not a libwangshi this binding can use (" + firstLine(e) + ")");
            one.initCause(e);
            throw one;
        }
        loadedFrom = from;
    }

    /** The one-line message of a library that was not found, naming where it was looked for. */
    private static String notFound(UnsatisfiedLinkError e) {
        return "cannot find libwangshi (" + System.mapLibraryName("wangshi") + "): looked in"
                + " jna.library.path=" + orUnset(System.getProperty("jna.library.path"))
                + ", the system library path (LD_LIBRARY_PATH=" + orUnset(System.getenv("LD_LIBRARY_PATH"))
                + ", the ld.so cache, jna.platform.library.path="
                + orUnset(System.getProperty("jna.platform.library.path"))
                + ") and -Dwangshi.library (unset); install it with scripts/install.sh PREFIX,"
                + " pass -Djna.library.path=DIR or call Wangshi.load(\"/path/to/"
                + System.mapLibraryName("wangshi") + "\") [" + firstLine(e) + "]";
    }

    private static String orUnset(String s) {
        return s == null || s.isEmpty() ? "(unset)" : s;
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }

    /**
     * @return where libwangshi was loaded from, loading it first if needed
     * @throws UnsatisfiedLinkError when it cannot be found (the message says where it looked)
     */
    public static String libraryPath() {
        ensureLoaded();
        return loadedFrom;
    }

    /** @return the version of the loaded library, such as {@code "0.1.0"} */
    public static String version() {
        ensureLoaded();
        return Lib.ws_version().getString(0, "UTF-8");
    }

    /**
     * Evaluates one JSON request ({@code {"op": "...", ...}}) and returns the response envelope,
     * {@code {"ok": true, "result": {...}}} or {@code {"ok": false, "error": {"code",
     * "message", "path"}}}: a bad request is an envelope, not an exception.
     *
     * @param request the request as JSON text
     * @return the response envelope as JSON text
     * @throws WangshiException {@code internal_error} only when the library failed internally
     */
    public static String evaluateJson(String request) {
        return evaluateWithStatus(request).response;
    }

    /** The C status and the response envelope of one request. */
    static final class Evaluated {
        final int status;
        final String response;

        Evaluated(int status, String response) {
            this.status = status;
            this.response = response;
        }
    }

    static Evaluated evaluateWithStatus(String request) {
        ensureLoaded();
        byte[] bytes;
        try {
            // Strict, not String.getBytes: a lone surrogate must not become a silent '?'.
            bytes = strictUtf8(request);
        } catch (CharacterCodingException e) {
            // The library's answer to text that is not UTF-8, as every layer gives it.
            ObjectNode envelope = MAPPER.createObjectNode();
            envelope.putObject("error")
                    .put("code", "invalid_json")
                    .put("message", "the request is not valid UTF-8: the string holds a lone surrogate");
            envelope.put("ok", false);
            return new Evaluated(100 + Codes.of("error").value("invalid_json"), envelope.toString());
        }
        PointerByReference out = new PointerByReference();
        int status = Lib.ws_evaluate_json(bytes, bytes.length, out);
        Pointer response = out.getValue();
        if (response == null) {
            throw statusError(status);
        }
        try {
            return new Evaluated(status, response.getString(0, "UTF-8"));
        } finally {
            Lib.ws_string_free(response);
        }
    }

    /**
     * Evaluates a request and returns its {@code result}, or throws the envelope's error.
     *
     * @param request JSON text, a Jackson {@link JsonNode}, or any value Jackson serialises to
     *     the request object (a {@code Map}, a POJO; write dates as {@code "YYYY-MM-DD"} strings)
     * @return the response's {@code result}
     * @throws WangshiException with the contract's code, message and path when the request fails
     */
    public static JsonNode evaluate(Object request) {
        JsonNode envelope = parse(evaluateJson(toJson(request)));
        if (envelope.path("ok").asBoolean(false)) {
            return envelope.get("result");
        }
        JsonNode e = envelope.path("error");
        throw new WangshiException(
                e.path("code").asText("internal_error"),
                e.path("message").asText(""),
                e.hasNonNull("path") ? e.get("path").asText() : null);
    }

    /**
     * Evaluates a request and maps its {@code result} onto {@code resultType} with Jackson.
     *
     * @param request as for {@link #evaluate(Object)}
     * @param resultType the class to map the result to
     * @param <T> the result's type
     * @return the result
     * @throws WangshiException when the request fails
     * @throws IllegalArgumentException when the result does not map onto {@code resultType}
     */
    public static <T> T evaluate(Object request, Class<T> resultType) {
        return MAPPER.convertValue(evaluate(request), resultType);
    }

    private static String toJson(Object request) {
        if (request instanceof String) {
            return (String) request;
        }
        try {
            return MAPPER.writeValueAsString(request);
        } catch (IOException e) {
            throw new IllegalArgumentException("the request cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new WangshiException("internal_error", "the library's response is not JSON: " + e.getOriginalMessage(), null);
        }
    }

    /**
     * The day number (days since 1970-01-01) of a date, for the batch columns.
     *
     * @param date a date, or {@code null} for {@link #NO_DATE}
     * @return its day number
     */
    public static int day(LocalDate date) {
        return date == null ? NO_DATE : Math.toIntExact(date.toEpochDay());
    }

    /**
     * The date of a day number.
     *
     * @param day days since 1970-01-01, or {@link #NO_DATE}
     * @return the date, or {@code null} for {@link #NO_DATE}
     */
    public static LocalDate date(int day) {
        return day == NO_DATE ? null : LocalDate.ofEpochDay(day);
    }

    /**
     * The name of a code number the library returns, from the library's vocabularies: {@code
     * codeName("visit_state", 4)} is {@code "overdue"}, {@code codeName("error", 7)} is {@code
     * "unknown_tier"}.
     *
     * @param vocabulary {@code visit_state}, {@code alert}, {@code case_class}, {@code center},
     *     {@code level}, {@code flag} (bit numbers), {@code in_force}, {@code error}, or any
     *     other the library lists ({@link Codes#vocabularies()})
     * @param value the number
     * @return the code, or {@code null} when the number has none (0: no alert, an error row)
     */
    public static String codeName(String vocabulary, int value) {
        return Codes.of(vocabulary).name(value);
    }

    /** The exception of a failed status-returning call on this thread. */
    static WangshiException statusError(int status) {
        String detail = Lib.ws_last_error_message().getString(0, "UTF-8");
        String code = status > 100 ? Codes.of("error").name(status - 100) : null;
        if (code == null) {
            // A problem of the call itself (1-99): the binding's bug or a panic.
            String what = Lib.ws_status_str(status).getString(0, "UTF-8");
            return new WangshiException("internal_error", what + (detail.isEmpty() ? "" : ": " + detail), null);
        }
        // The library's message reads "<code> at <path>: <message>" or "<code>: <message>".
        String path = null;
        String message = detail;
        if (detail.startsWith(code + " at ")) {
            int colon = detail.indexOf(": ", code.length() + 4);
            if (colon > 0) {
                path = detail.substring(code.length() + 4, colon);
                message = detail.substring(colon + 2);
            }
        } else if (detail.startsWith(code + ": ")) {
            message = detail.substring(code.length() + 2);
        }
        return new WangshiException(code, message, path);
    }

    /** Throws the status's exception unless it is OK (0). */
    static void check(int status) {
        if (status != 0) {
            throw statusError(status);
        }
    }

    private static byte[] strictUtf8(String s) throws CharacterCodingException {
        ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(s));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** UTF-8 of a code or data-file text; a lone surrogate is {@code invalid_value}. */
    static byte[] utf8(String s) {
        try {
            return strictUtf8(s);
        } catch (CharacterCodingException e) {
            throw new WangshiException("invalid_value", "the text holds a lone surrogate and is not valid Unicode", null);
        }
    }
}
