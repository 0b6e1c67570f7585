package dev.overlap.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleConsumer;
import java.util.function.LongConsumer;

/**
 * A progress line on stderr for long runs. Either work done out of the total (SGD steps, or steps · N when runs
 * of several N are mixed), its rate per second and the estimated time left; or, for an ODE solve
 * ({@link #startAlphaIfWanted}), the named phase it is in (e.g. finding the plateau) and then α reached out of
 * α_max, its rate and the time left at that rate. On a terminal the line is rewritten in place twice a second and
 * erased at the end; otherwise (with {@code --progress} and stderr redirected) a new line is printed every five
 * seconds and once more at the end.
 */
final class ProgressLine implements AutoCloseable {

    private final String label;
    private final String unit;
    private final long total;
    private final PrintWriter err;
    private final boolean terminal;
    private final AtomicLong done = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer;
    private final double alphaEnd;
    private volatile String phase;
    /** The phase entered after the integration whose α are then reported again (null: the integration itself). */
    private volatile String alphaPhase;
    /** The α the current stretch of α reports started from (0 for the integration). */
    private volatile double alphaFrom;
    private volatile long phaseStartNanos = startNanos;
    private volatile double alpha = Double.NaN;
    private volatile long alphaStartNanos;
    private int lastWidth;

    private ProgressLine(String label, String unit, long total, double alphaEnd, PrintWriter err, boolean terminal) {
        this.label = label;
        this.unit = unit;
        this.total = total;
        this.alphaEnd = alphaEnd;
        this.err = err;
        this.terminal = terminal;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "overlap-progress");
            t.setDaemon(true);
            return t;
        });
        long period = terminal ? 500 : 5000;
        timer.scheduleAtFixedRate(this::print, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * A progress line if {@code forced} or stderr is a terminal ({@code System.console() != null}); otherwise
     * null, and nothing is printed.
     */
    static ProgressLine startIfWanted(String label, String unit, long total, PrintWriter err, boolean forced) {
        boolean terminal = System.console() != null;
        return forced || terminal ? new ProgressLine(label, unit, total, Double.NaN, err, terminal) : null;
    }

    /**
     * A progress line for an integration in α up to {@code alphaEnd}, under the same condition as
     * {@link #startIfWanted}; it starts in the phase {@code phase} (shown with the time spent in it) until the first
     * α is reported through {@link #alphaSink}.
     */
    static ProgressLine startAlphaIfWanted(String label, String phase, double alphaEnd, PrintWriter err,
            boolean forced) {
        boolean terminal = System.console() != null;
        if (!forced && !terminal) {
            return null;
        }
        ProgressLine line = new ProgressLine(label, "α", 0, alphaEnd, err, terminal);
        line.phase = phase;
        return line;
    }

    /** The sink for the α reached (called from the integrating thread), or null for no progress line. */
    static DoubleConsumer alphaSink(ProgressLine line) {
        return line == null ? null : line::reached;
    }

    /**
     * Switches an α line to a named phase (e.g. writing the outputs), shown with the time spent in it. Off a
     * terminal the α reached so far is printed first, so that the log keeps where the integration ended.
     */
    synchronized void enterPhase(String name) {
        if (!terminal && !Double.isNaN(alpha)) {
            print();
        }
        phase = name;
        alphaPhase = name;
        phaseStartNanos = System.nanoTime();
        alpha = Double.NaN;
    }

    private void reached(double a) {
        if (Double.isNaN(alpha)) {
            alphaStartNanos = System.nanoTime();
            alphaFrom = alphaPhase == null ? 0.0 : a;
        }
        alpha = a;
    }

    /** The sink for completed steps (thread-safe), or null for no progress line. */
    static LongConsumer sink(ProgressLine line) {
        return line == null ? null : line.done::addAndGet;
    }

    private synchronized void print() {
        String text = render();
        if (terminal) {
            String pad = text.length() < lastWidth ? " ".repeat(lastWidth - text.length()) : "";
            err.print("\r" + text + pad);
            lastWidth = text.length();
        } else {
            err.println(text);
        }
        err.flush();
    }

    String render() {
        if (!Double.isNaN(alphaEnd)) {
            return renderAlpha();
        }
        long steps = done.get();
        double seconds = (System.nanoTime() - startNanos) * 1e-9;
        double rate = seconds > 0 ? steps / seconds : 0;
        String eta = rate > 0 ? duration((total - steps) / rate) : "?";
        return String.format(Locale.ROOT, "%s: %s/%s %s (%.0f%%), %s %s/s, ETA %s", label, count(steps),
                count(total), unit, total > 0 ? 100.0 * steps / total : 100.0, rate(rate), unit, eta);
    }

    /**
     * "label: phase (m:ss)" before the first α, then "label: α = a of A (x%), r α/s, ETA m:ss", the rate and the
     * time left measured from the first reported α (linear in α: on a log grid the early part is the slow one); in a
     * phase entered later that reports α again (the tail refinement), "label: phase, α = …" with the rate measured
     * from the phase's first α.
     */
    private String renderAlpha() {
        double a = alpha;
        long now = System.nanoTime();
        if (Double.isNaN(a)) {
            return String.format(Locale.ROOT, "%s: %s (%s)", label, phase, duration((now - phaseStartNanos) * 1e-9));
        }
        double seconds = (now - alphaStartNanos) * 1e-9;
        double rate = seconds > 0 ? (a - alphaFrom) / seconds : 0;
        String eta = rate > 0 ? duration((alphaEnd - a) / rate) : "?";
        String head = alphaPhase == null ? label : label + ": " + alphaPhase;
        return String.format(Locale.ROOT, "%s: α = %.4g of %.4g (%.0f%%), %.3g α/s, ETA %s", head, a, alphaEnd,
                alphaEnd > 0 ? 100.0 * a / alphaEnd : 100.0, rate, eta);
    }

    @Override
    public synchronized void close() {
        timer.shutdownNow();
        if (terminal && lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
        } else if (!terminal) {
            err.println(render());
        }
        err.flush();
    }

    /** A rate: two significant digits below 10 (0.62, 3.1), else {@link #count(long)} of its rounding. */
    static String rate(double perSecond) {
        if (perSecond < 10) {
            return perSecond <= 0 ? "0" : String.format(Locale.ROOT, "%.2g", perSecond);
        }
        return count(Math.round(perSecond));
    }

    /** 1234567 → 1.23M. */
    static String count(long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        if (n < 999_500) {
            return String.format(Locale.ROOT, "%.3gk", n / 1e3);
        }
        if (n < 999_500_000) {
            return String.format(Locale.ROOT, "%.3gM", n / 1e6);
        }
        return String.format(Locale.ROOT, "%.3gG", n / 1e9);
    }

    /** Seconds as m:ss or h:mm:ss. */
    static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
