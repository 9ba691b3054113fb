package io.latentkit.compute;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes the engine's matrix products give bit-identical results at any thread count, so a seed reproduces a result
 * whatever the machine's cores. PyTorch's CPU build links Intel MKL, whose "strict conditional numerical
 * reproducibility" mode fixes the summation order of GEMMs independently of threads; this class switches it on from
 * inside the process (for the launcher, the tests and users of the Java API alike), before the first product runs.
 *
 * <p>MKL honours strict mode only on its AVX2 and AVX-512 code branches, which it takes on Intel CPUs alone. Elsewhere
 * (AMD CPUs, measured on an EPYC) a product whose shared dimension is long, such as the statistics X^T R that sum
 * over items, may be split between threads, and its last bits then change with the thread count. Such products go
 * through {@link Tensors#matMulOverItems}, which there fixes their order of summation itself.
 */
final class Reproducibility {
    private static final int MKL_CBWR_AUTO = 2;
    private static final int MKL_CBWR_AVX2 = 10;
    private static final int MKL_CBWR_STRICT = 0x10000;
    private static volatile boolean strict;
    private static volatile MethodHandle setLocalThreads;

    private Reproducibility() {
    }

    static void requestStrictMkl() {
        Optional<MethodHandle> set = function("mkl_serv_cbwr_set", ValueLayout.JAVA_INT);
        Optional<MethodHandle> autoBranch = function("mkl_serv_cbwr_get_auto_branch");
        if (set.isEmpty() || autoBranch.isEmpty()) {
            strict = System.getenv("MKL_CBWR") != null;
            return;
        }
        try {
            int status = (int) set.get().invokeExact(MKL_CBWR_AUTO | MKL_CBWR_STRICT);
            strict = status == 0 && (int) autoBranch.get().invokeExact() >= MKL_CBWR_AVX2;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot set MKL reproducibility mode", e);
        }
        if (!strict) {
            // The C entry point: the lower-case names are the Fortran one, which takes a pointer.
            setLocalThreads = function("MKL_Set_Num_Threads_Local", ValueLayout.JAVA_INT).orElse(null);
        }
    }

    /** Whether results are known not to depend on the thread count (recorded in run records). */
    static boolean threadInvariant() {
        return strict || setLocalThreads != null;
    }

    /** Whether products that sum over items must fix their order of summation themselves. */
    static boolean needsFixedOrder() {
        return setLocalThreads != null;
    }

    /** {@code product}, computed with MKL on the calling thread alone where strict mode is unavailable. */
    static <T> T serially(Supplier<T> product) {
        MethodHandle local = setLocalThreads;
        if (local == null) {
            return product.get();
        }
        int previous = setLocal(local, 1);
        try {
            return product.get();
        } finally {
            setLocal(local, previous);
        }
    }

    private static int setLocal(MethodHandle local, int threads) {
        try {
            return (int) local.invokeExact(threads);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot set MKL's thread count", e);
        }
    }

    /** An int-returning native function of the loaded engine, if it exports one of that name. */
    private static Optional<MethodHandle> function(String name, ValueLayout... arguments) {
        Optional<MemorySegment> symbol = SymbolLookup.loaderLookup().find(name);
        return symbol.map(s -> Linker.nativeLinker().downcallHandle(s,
                FunctionDescriptor.of(ValueLayout.JAVA_INT, arguments)));
    }
}
