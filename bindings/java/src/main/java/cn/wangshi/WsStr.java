package cn.wangshi;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.nio.charset.StandardCharsets;

/** {@code ws_str}: borrowed UTF-8 text, {@code len} bytes at {@code data}, not NUL-terminated. */
@Structure.FieldOrder({"data", "len"})
public final class WsStr extends Structure {
    /** The first byte. */
    public Pointer data;
    /** The length in bytes ({@code size_t}). */
    public long len;

    /** A zeroed {@code ws_str} to be written by the library. */
    public WsStr() {}

    /** The text, copied into a Java string. */
    String text() {
        return new String(data.getByteArray(0, (int) len), StandardCharsets.UTF_8);
    }
}
