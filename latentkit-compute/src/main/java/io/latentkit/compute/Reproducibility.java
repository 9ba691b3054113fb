package io.latentkit.compute;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Makes the engine's matrix products give bit-identical results at any thread count, so a seed reproduces a result
 * whatever the machine's cores: PyTorch's CPU build links Intel MKL, whose "strict conditional numerical
 * reproducibility" mode fixes the summation order of GEMMs independently of threads. The environment variable
 * {@code MKL_CBWR=AUTO,STRICT} does the same when set before the JVM starts; this class switches it on from
 * inside the process (for the launcher, the tests and users of the Java API alike), before the first product runs.
 */
final class Reproducibility {
    private static final int MKL_CBWR_AUTO = 2;
    private static final int MKL_CBWR_STRICT = 0x10000;
    private static volatile boolean strict;

    private Reproducibility() {
    }

    static void requestStrictMkl() {
        Optional<java.lang.foreign.MemorySegment> symbol = SymbolLookup.loaderLookup().find("mkl_serv_cbwr_set");
        if (symbol.isEmpty()) {
            strict = System.getenv("MKL_CBWR") != null;
            return;
        }
        MethodHandle set = Linker.nativeLinker().downcallHandle(symbol.get(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        try {
            int status = (int) set.invokeExact(MKL_CBWR_AUTO | MKL_CBWR_STRICT);
            strict = status == 0 || System.getenv("MKL_CBWR") != null;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot set MKL reproducibility mode", e);
        }
    }

    /** Whether results are known not to depend on the thread count (recorded in run records). */
    static boolean strict() {
        return strict;
    }
}
