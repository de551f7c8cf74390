package cn.wangshi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading in child JVMs: by jna.library.path, by a caller's path, and the one-line failure. */
class LoadTest {
    static final class Run {
        int exit;
        String out;
        String err;
    }

    static Run probe(List<String> props, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.add("-cp");
        cmd.add(System.getProperty("wangshi.test.classpath", System.getProperty("java.class.path")));
        cmd.addAll(props);
        cmd.add("cn.wangshi.LoadProbe");
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("LD_LIBRARY_PATH");
        Process p = pb.start();
        Run r = new Run();
        r.out = read(p.getInputStream());
        r.err = read(p.getErrorStream());
        r.exit = p.waitFor();
        return r;
    }

    static String read(InputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int k; (k = in.read(buf)) > 0; ) {
            b.write(buf, 0, k);
        }
        return new String(b.toByteArray(), StandardCharsets.UTF_8);
    }

    static String libDir() {
        return new File(Wangshi.libraryPath()).getParent();
    }

    @Test
    void aMissingLibraryIsOneLineNamingWhereItLooked() throws Exception {
        Run r = probe(Arrays.asList("-Djna.library.path=/nonexistent/wangshi-lib"));
        assertEquals(3, r.exit, r.out + r.err);
        String line = r.err.trim();
        assertEquals(1, line.split("\n").length, line);
        assertTrue(line.startsWith("cannot find libwangshi (libwangshi.so): looked in jna.library.path=/nonexistent/wangshi-lib"), line);
        assertTrue(line.contains("LD_LIBRARY_PATH=(unset)") && line.contains("Wangshi.load("), line);

        r = probe(new ArrayList<String>(), "/nonexistent/libwangshi.so");
        assertEquals(3, r.exit, r.out + r.err);
        assertEquals(1, r.err.trim().split("\n").length, r.err);
        assertTrue(r.err.startsWith("cannot load libwangshi: looked at /nonexistent/libwangshi.so"), r.err);
    }

    @Test
    void theLibraryLoadsFromJnaLibraryPathOrACallersPath() throws Exception {
        Run r = probe(Arrays.asList("-Djna.library.path=" + libDir()));
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.startsWith("loaded " + Wangshi.version()), r.out);
        String file = new File(libDir(), "libwangshi.so").getPath();
        r = probe(new ArrayList<String>(), file);
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.trim().endsWith(file), r.out);
        r = probe(Arrays.asList("-Dwangshi.library=" + file));
        assertEquals(0, r.exit, r.err);
    }
}
