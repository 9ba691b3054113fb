package io.latentkit.deep;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress display: epoch x/N, a bar over the epoch's batches, the running loss, the last validation loss,
 * the learning rate and an estimate of the time left, redrawn in place with a carriage return; each finished epoch
 * keeps its line. {@link #auto()} shows it on stderr only when a console is attached, so logs and pipes stay quiet.
 */
public final class ProgressBar implements TrainingListener {
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream sink;
    private final LongSupplier clock;
    private int epochs;
    private int batches;
    private int firstEpoch;
    private long started;
    private long lastDraw;
    private double lossSum;
    private int lossCount;
    private double valLoss = Double.NaN;
    private double learningRate = Double.NaN;

    /** A display on {@code sink}, timed by {@code clock} (nanoseconds). */
    public ProgressBar(PrintStream sink, LongSupplier clock) {
        this.sink = sink;
        this.clock = clock;
    }

    public ProgressBar(PrintStream sink) {
        this(sink, System::nanoTime);
    }

    /** A display on stderr when a console is attached; otherwise a listener that prints nothing. */
    public static TrainingListener auto() {
        return System.console() != null ? new ProgressBar(System.err) : TrainingListener.NONE;
    }

    @Override
    public void onStart(int first, int total, int perEpoch) {
        firstEpoch = first;
        epochs = total;
        batches = perEpoch;
        started = clock.getAsLong();
        lastDraw = Long.MIN_VALUE;
    }

    @Override
    public void onBatch(int epoch, int batch, double loss) {
        if (batch == 1) {
            lossSum = 0;
            lossCount = 0;
        }
        lossSum += loss;
        lossCount++;
        long now = clock.getAsLong();
        if (batch == batches || lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            sink.print("\r" + line(epoch, batch, now));
            sink.flush();
        }
    }

    @Override
    public void onEpoch(TrainingHistory.Row row) {
        valLoss = row.valLoss();
        learningRate = row.learningRate();
        sink.print("\r" + line(row.epoch(), batches, clock.getAsLong()) + "\n");
        sink.flush();
    }

    String line(int epoch, int batch, long now) {
        int filled = batches == 0 ? WIDTH : (int) ((long) WIDTH * batch / batches);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "epoch %d/%d [", epoch, epochs));
        s.append("=".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ");
        s.append(String.format(Locale.ROOT, "%d/%d loss %.4g", batch, batches, lossCount == 0 ? Double.NaN
                : lossSum / lossCount));
        if (!Double.isNaN(valLoss)) {
            s.append(String.format(Locale.ROOT, " val %.4g", valLoss));
        }
        if (!Double.isNaN(learningRate)) {
            s.append(String.format(Locale.ROOT, " lr %.2g", learningRate));
        }
        long done = (long) (epoch - firstEpoch) * batches + batch;
        long total = (long) (epochs - firstEpoch + 1) * batches;
        if (done > 0 && total > done) {
            long left = (long) ((now - started) / 1e9 * (total - done) / done);
            s.append(String.format(Locale.ROOT, " ETA %d:%02d:%02d", left / 3600, left / 60 % 60, left % 60));
        }
        return s.toString();
    }
}
