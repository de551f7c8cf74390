package cn.wangshi;

/** Run in a child JVM by {@link LoadTest}: prints the library version, or the load error's message. */
public final class LoadProbe {
    private LoadProbe() {}

    public static void main(String[] args) {
        try {
            if (args.length > 0) {
                Wangshi.load(args[0]);
            }
            System.out.println("loaded " + Wangshi.version() + " from " + Wangshi.libraryPath());
        } catch (UnsatisfiedLinkError e) {
            System.err.println(e.getMessage());
            System.exit(3);
        }
    }
}
