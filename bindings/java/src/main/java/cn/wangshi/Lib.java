package cn.wangshi;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The C functions of {@code include/wangshi.h}, bound with JNA's direct mapping (the fastest
 * JNA call path). {@code size_t} is a Java {@code long}: the binding needs a 64-bit JVM, which
 * {@link Wangshi} checks before binding. Package-private: callers use the typed classes.
 */
final class Lib {
    private Lib() {}

    /** Binds every method of this class to the functions of {@code library}. */
    static void bind(NativeLibrary library) {
        Native.register(Lib.class, library);
    }

    static native Pointer ws_version();

    static native Pointer ws_status_str(int status);

    static native Pointer ws_last_error_message();

    static native int ws_evaluate_json(byte[] request, long len, PointerByReference responseOut);

    static native void ws_string_free(Pointer s);

    static native Pointer ws_code_str(String vocabulary, int value);

    static native int ws_code_end(String vocabulary);

    static native int ws_code_value(String vocabulary, byte[] code, long len, int[] valueOut);

    static native Pointer ws_vocabulary_name(long index);

    static native int ws_policy_default(PointerByReference policyOut);

    static native int ws_policy_from_json(byte[] json, long len, PointerByReference policyOut);

    static native void ws_policy_free(Pointer policy);

    static native long ws_policy_tier_count(Pointer policy);

    static native int ws_policy_tier_index(Pointer policy, byte[] code, long len, byte[] indexOut);

    static native int ws_visit_status_columns(
            Pointer policy,
            int asOf,
            long n,
            Pointer tier,
            Pointer tierSince,
            Pointer lastVisit,
            Pointer state,
            Pointer periodStart,
            Pointer periodEnd,
            Pointer due,
            Pointer daysLeft,
            Pointer missedPeriods,
            Pointer alert,
            Pointer error,
            long[] errorRowsOut);

    static native int ws_catalog_from_json(byte[] json, long len, PointerByReference catalogOut);

    static native int ws_catalog_default(PointerByReference catalogOut);

    static native void ws_catalog_free(Pointer catalog);

    static native int ws_rules_from_json(byte[] json, long len, PointerByReference rulesOut);

    static native int ws_rules_default(PointerByReference rulesOut);

    static native void ws_rules_free(Pointer rules);

    static native int ws_router_default(PointerByReference routerOut);

    static native int ws_router_new(Pointer catalog, Pointer rules, PointerByReference routerOut);

    static native void ws_router_free(Pointer router);

    static native int ws_router_item_index(Pointer router, byte[] code, long len, int[] indexOut);

    static native int ws_router_department(Pointer router, short department, WsStr nameOut);

    static native int ws_router_rule_id(Pointer router, int bit, WsStr idOut);

    static native int ws_classify_columns(
            Pointer router,
            long n,
            Pointer item,
            Pointer reportedOn,
            Pointer flags,
            Pointer parties,
            Pointer repeatCount,
            Pointer amount,
            Pointer caseClass,
            Pointer center,
            Pointer level,
            Pointer department,
            Pointer reportWithinMinutes,
            Pointer mediation,
            Pointer immediateReport,
            Pointer matchedRules,
            Pointer error,
            long[] errorRowsOut);
}
