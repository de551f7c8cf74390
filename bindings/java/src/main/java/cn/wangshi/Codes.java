package cn.wangshi;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One of the library's vocabularies (a code list whose codes cross the ABI as numbers), read
 * once through {@code ws_code_str}: the binding restates no code list, and a vocabulary the
 * library adds is here without a change to the binding. Immutable and thread-safe.
 */
public final class Codes {
    private static final Map<String, Codes> CACHE = new ConcurrentHashMap<>();

    private final String vocabulary;
    private final String[] names;
    private final Map<String, Integer> values;

    private Codes(String vocabulary) {
        this.vocabulary = vocabulary;
        int end = Lib.ws_code_end(vocabulary);
        if (end <= 0) {
            throw new IllegalArgumentException("the library has no vocabulary named " + vocabulary);
        }
        names = new String[end];
        Map<String, Integer> v = new HashMap<>();
        for (int i = 0; i < end; i++) {
            Pointer p = Lib.ws_code_str(vocabulary, i);
            if (p != null) {
                names[i] = p.getString(0, "UTF-8");
                v.put(names[i], i);
            }
        }
        values = Collections.unmodifiableMap(v);
    }

    /**
     * @param vocabulary the vocabulary's name, such as {@code "alert"}
     * @return its codes
     * @throws IllegalArgumentException when the library has no such vocabulary
     */
    public static Codes of(String vocabulary) {
        Wangshi.ensureLoaded();
        Codes c = CACHE.get(vocabulary);
        if (c == null) {
            c = new Codes(vocabulary);
            CACHE.putIfAbsent(vocabulary, c);
        }
        return c;
    }

    /** @return the names of every vocabulary of the library, in its order */
    public static List<String> vocabularies() {
        Wangshi.ensureLoaded();
        List<String> all = new ArrayList<>();
        for (long i = 0; ; i++) {
            Pointer p = Lib.ws_vocabulary_name(i);
            if (p == null) {
                return Collections.unmodifiableList(all);
            }
            all.add(p.getString(0, "UTF-8"));
        }
    }

    /** @return the vocabulary's name */
    public String vocabulary() {
        return vocabulary;
    }

    /**
     * @param value a number of this vocabulary
     * @return its code, or {@code null} when the number has none
     */
    public String name(int value) {
        return value >= 0 && value < names.length ? names[value] : null;
    }

    /**
     * @param code a code of this vocabulary, such as {@code "escalation"}
     * @return its number
     * @throws IllegalArgumentException when the code is not in the vocabulary
     */
    public int value(String code) {
        Integer v = values.get(code);
        if (v == null) {
            throw new IllegalArgumentException(code + " is not a code of " + vocabulary);
        }
        return v;
    }

    /** @return every code with its number */
    public Map<String, Integer> values() {
        return values;
    }
}
