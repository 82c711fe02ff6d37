import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small, deterministic allocation workload for opsctl's JVM tests and GC log fixtures.
 *
 * <p>Arguments are {@code key=value} pairs (every one optional):
 *
 * <ul>
 *   <li>{@code duration=S} seconds to run, 0 = until stdin closes (default 0)
 *   <li>{@code rate=MB} megabytes allocated per second, 0 = as fast as possible (default 16)
 *   <li>{@code live=MB} megabytes kept reachable in a ring that is slowly replaced, so objects
 *       survive young collections, get promoted and later die in the old generation (default 8)
 *   <li>{@code chunk=KB} size of each allocated array (default 8)
 *   <li>{@code mode=normal|oom} {@code oom} keeps everything it allocates until
 *       OutOfMemoryError, which is rethrown so the JVM exits the way a leaking service does
 *   <li>{@code systemgc=S} call System.gc() every S seconds, 0 = never (default 0)
 *   <li>{@code seed=N} seed of the replacement order (default 42)
 * </ul>
 *
 * <p>Prints {@code READY pid=<pid>} once the live set is built, {@code DONE allocatedMb=<n>} when
 * it ends normally, and exits 0 when stdin reaches end-of-file or the duration is over.
 */
public final class GcWorkload {
  /** Allocation is paced in ticks of this length, so the rate holds without burning a core. */
  private static final int TICK_MS = 10;

  /** Written from the allocation thread, read at exit; volatile keeps the final figure exact. */
  private static volatile long allocatedBytes;

  /** A sink the JIT cannot prove unused, so allocations are not optimised away. */
  private static volatile Object sink;

  private GcWorkload() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = parseArgs(args);
    double durationS = number(opts, "duration", 0);
    double rateMb = number(opts, "rate", 16);
    double liveMb = number(opts, "live", 8);
    int chunkBytes = (int) Math.max(16, number(opts, "chunk", 8) * 1024);
    double systemGcS = number(opts, "systemgc", 0);
    long seed = (long) number(opts, "seed", 42);
    String mode = opts.getOrDefault("mode", "normal");
    if (!mode.equals("normal") && !mode.equals("oom")) {
      throw new IllegalArgumentException("mode must be normal or oom, got " + mode);
    }

    watchStdin();
    int slots = (int) Math.max(1, (liveMb * 1024 * 1024) / chunkBytes);
    byte[][] live = new byte[slots][];
    for (int i = 0; i < slots; i++) {
      live[i] = new byte[chunkBytes];
    }
    System.out.println("READY pid=" + ProcessHandle.current().pid());
    System.out.flush();

    if (mode.equals("oom")) {
      leakUntilOom(rateMb, chunkBytes);
    } else {
      churn(live, durationS, rateMb, chunkBytes, systemGcS, new Random(seed));
    }
    finish();
  }

  /** Allocates at the paced rate, replacing live-set slots so old objects die over time. */
  private static void churn(
      byte[][] live, double durationS, double rateMb, int chunkBytes, double systemGcS, Random random)
      throws InterruptedException {
    long start = System.nanoTime();
    long end = durationS > 0 ? start + (long) (durationS * 1e9) : Long.MAX_VALUE;
    long nextGc = systemGcS > 0 ? start + (long) (systemGcS * 1e9) : Long.MAX_VALUE;
    long perTick = rateMb > 0 ? (long) (rateMb * 1024 * 1024 * TICK_MS / 1000) : Long.MAX_VALUE;
    long tick = start;
    while (System.nanoTime() < end) {
      long tickEnd = tick + TICK_MS * 1_000_000L;
      for (long budget = perTick; budget > 0; budget -= chunkBytes) {
        byte[] chunk = new byte[chunkBytes];
        allocatedBytes += chunkBytes;
        // One in eight chunks replaces a live slot: it survives, the replaced one becomes garbage.
        if (random.nextInt(8) == 0) {
          live[random.nextInt(live.length)] = chunk;
        } else {
          sink = chunk;
        }
        // Unpaced (rate=0) runs still leave the loop once per tick to check time and System.gc().
        if (perTick == Long.MAX_VALUE && System.nanoTime() >= tickEnd) {
          break;
        }
      }
      long now = System.nanoTime();
      if (now >= nextGc) {
        System.gc();
        nextGc += (long) (systemGcS * 1e9);
      }
      tick += TICK_MS * 1_000_000L;
      long sleepMs = (tick - now) / 1_000_000L;
      if (sleepMs > 0) {
        Thread.sleep(sleepMs);
      } else {
        tick = now;
      }
    }
  }

  /** Keeps every chunk reachable until the heap is exhausted; the error propagates on purpose. */
  private static void leakUntilOom(double rateMb, int chunkBytes) throws InterruptedException {
    List<byte[]> leak = new ArrayList<>();
    long perTick = rateMb > 0 ? (long) (rateMb * 1024 * 1024 * TICK_MS / 1000) : Long.MAX_VALUE;
    while (true) {
      for (long budget = perTick; budget > 0; budget -= chunkBytes) {
        leak.add(new byte[chunkBytes]);
        allocatedBytes += chunkBytes;
      }
      Thread.sleep(TICK_MS);
    }
  }

  /** A closed stdin means the test harness is done with us: exit cleanly, not by signal. */
  private static void watchStdin() {
    Thread watcher =
        new Thread(
            () -> {
              try {
                InputStream in = System.in;
                byte[] buffer = new byte[256];
                while (in.read(buffer) >= 0) {
                  // Input is ignored; only end-of-file matters.
                }
              } catch (IOException e) {
                // An unreadable stdin is treated like a closed one.
              }
              finish();
            },
            "stdin-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static void finish() {
    System.out.println("DONE allocatedMb=" + allocatedBytes / (1024 * 1024));
    System.out.flush();
    System.exit(0);
  }

  private static Map<String, String> parseArgs(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected key=value, got " + arg);
      }
      opts.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    return opts;
  }

  private static double number(Map<String, String> opts, String key, double fallback) {
    String value = opts.get(key);
    return value == null ? fallback : Double.parseDouble(value);
  }
}
