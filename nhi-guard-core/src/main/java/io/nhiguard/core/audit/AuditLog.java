package io.nhiguard.core.audit;

import io.nhiguard.api.AuditEvent;
import io.nhiguard.api.AuditFailureException;
import io.nhiguard.api.AuditRecord;
import io.nhiguard.api.SafeText;
import io.nhiguard.api.spi.AuditSink;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tamper-evident audit log: chains every event into an {@link AuditRecord} (sequence number,
 * SHA-256 link to the previous record, optional Ed25519 signature) and writes it to every sink.
 *
 * <pre>{@code
 * AuditLog audit = AuditLog.builder()
 *     .sink(JsonLinesAuditSink.open(Path.of("audit.jsonl")))
 *     .signingKey(AuditSigningKey.generate("audit-2026-11", new SecureRandom()))
 *     .build();
 * AuditRecord r = audit.append(event);   // throws AuditFailureException: deny the call
 * }</pre>
 *
 * <p><b>Threading.</b> {@link #append} is safe from any number of threads. It assigns the sequence
 * number, computes the hash over the previous record's hash and signs under one lock, so chain
 * order is sequence order, and hands the record to a bounded queue before releasing the lock. One
 * daemon thread ("nhi-guard-audit-writer") drains the queue and writes each record to every sink
 * in sequence order, one record at a time, as {@link AuditSink} requires. With {@link
 * Builder#synchronous()} there is no queue and no thread: {@code append} writes to the sinks itself
 * while holding the lock.
 *
 * <p><b>Failure is never silent.</b> {@code append} throws {@link AuditFailureException} (and the
 * guard denies) when the queue is full under {@link OverflowPolicy#FAIL_CLOSED} (the default), when
 * the log is closed, and when the log has failed. A sink that throws puts the log in the failed
 * state for good: the failure is logged at ERROR, returned by {@link #failure()}, thrown by every
 * later {@code append}, {@link #flush()} and {@link #close()}, and every record that was accepted
 * but not written to all sinks is counted in {@link #undeliveredCount()}. At any quiet moment
 * {@code appendedCount() == writtenCount() + undeliveredCount() + queued}. Callers that must know
 * their record was written before they act use {@link #appendAndWait(AuditEvent)} or a synchronous
 * log.
 *
 * @since 0.1.0
 */
public final class AuditLog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

  /** The default queue capacity, in records. */
  public static final int DEFAULT_QUEUE_CAPACITY = 8192;

  private final List<AuditSink> sinks;
  private final Clock clock;
  private final AuditSigningKey signingKey;
  private final OverflowPolicy overflow;
  private final boolean synchronous;
  private final BlockingQueue<Object> queue;
  private final Thread writer;

  private final ReentrantLock appendLock = new ReentrantLock();
  private long lastSequence;
  private String lastHash;

  private final AtomicLong appended = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong undelivered = new AtomicLong();
  private final Object progress = new Object();
  private long processedThrough;
  private volatile AuditFailureException failure;
  private volatile long firstUndeliveredSequence = Long.MAX_VALUE;
  private volatile boolean closed;
  private boolean sinksClosed;

  private AuditLog(Builder b) {
    this.sinks = List.copyOf(b.sinks);
    this.clock = b.clock;
    this.signingKey = b.signingKey;
    this.overflow = b.overflow;
    this.synchronous = b.synchronous;
    this.lastSequence = b.start.sequence();
    this.lastHash = b.start.hash();
    this.processedThrough = b.start.sequence();
    if (synchronous) {
      this.queue = null;
      this.writer = null;
    } else {
      this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
      this.writer = new Thread(this::drain, "nhi-guard-audit-writer");
      this.writer.setDaemon(true);
      this.writer.start();
    }
  }

  /**
   * Starts a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts an event stamped with the log's clock.
   *
   * @param type the event type
   * @return an event builder with {@code time} set to the clock's instant (wall-clock time)
   * @throws NullPointerException if {@code type} is null
   */
  public AuditEvent.Builder newEvent(AuditEvent.Type type) {
    return AuditEvent.builder(type, clock.instant());
  }

  /**
   * Returns the clock the log stamps new events with.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Chains an event into a record and queues it for the sinks (or, for a synchronous log, writes
   * it).
   *
   * @param event the event
   * @return the record, with its sequence, hashes and signature
   * @throws AuditFailureException if the record cannot be accepted: the queue is full under {@link
   *     OverflowPolicy#FAIL_CLOSED}, the log has failed or is closed, the thread was interrupted
   *     while waiting under {@link OverflowPolicy#BLOCK}, or (synchronous log) a sink failed; the
   *     caller must then deny the action it wanted to record
   * @throws NullPointerException if {@code event} is null
   */
  public AuditRecord append(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    appendLock.lock();
    try {
      ensureUsable();
      AuditRecord record = chain(event);
      if (synchronous) {
        writeToSinks(record);
        written.incrementAndGet();
      } else {
        enqueue(record);
      }
      lastSequence = record.sequence();
      lastHash = record.hash();
      appended.incrementAndGet();
      return record;
    } finally {
      appendLock.unlock();
    }
  }

  /**
   * Appends an event and waits until the writer has written its record to every sink.
   * Durability beyond the sink's write (fsync) follows the sink's own policy.
   *
   * @param event the event
   * @return the written record
   * @throws AuditFailureException if the record cannot be accepted (see {@link #append}) or was
   *     not written to every sink, or the thread was interrupted while waiting
   * @throws NullPointerException if {@code event} is null
   */
  public AuditRecord appendAndWait(AuditEvent event) {
    AuditRecord record = append(event);
    if (synchronous) {
      return record;
    }
    synchronized (progress) {
      while (processedThrough < record.sequence()) {
        try {
          progress.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AuditFailureException(
              "Interrupted while waiting for audit record " + record.sequence() + " to be written; treat it as unrecorded");
        }
      }
    }
    if (record.sequence() >= firstUndeliveredSequence) {
      throw new AuditFailureException(
          "Audit record " + record.sequence() + " was not written to every sink because a sink failed", failure);
    }
    return record;
  }

  /**
   * Waits until every record queued before this call is written, then flushes every sink.
   *
   * @throws AuditFailureException if the log has failed (now or earlier), a sink flush fails, or
   *     the thread was interrupted
   */
  public void flush() {
    if (synchronous) {
      appendLock.lock();
      try {
        ensureNotFailed();
        if (!closed) {
          flushSinks();
        }
      } finally {
        appendLock.unlock();
      }
      return;
    }
    if (closed) {
      ensureNotFailed();
      return;
    }
    Barrier barrier = new Barrier(false);
    putBarrier(barrier);
    barrier.await();
  }

  /**
   * Stops accepting records, writes everything queued, flushes and closes every sink. Idempotent.
   *
   * @throws AuditFailureException if the log failed (some records were not written: the message
   *     says how many) or a sink failed to close
   */
  @Override
  public void close() {
    appendLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      appendLock.unlock();
    }
    AuditFailureException problem = null;
    if (!synchronous) {
      Barrier stop = new Barrier(true);
      putBarrier(stop);
      boolean interrupted = false;
      while (true) {
        try {
          writer.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    } else if (failure == null) {
      try {
        flushSinks();
      } catch (AuditFailureException e) {
        problem = e;
      }
    }
    synchronized (this) {
      if (!sinksClosed) {
        sinksClosed = true;
        for (AuditSink sink : sinks) {
          try {
            sink.close();
          } catch (RuntimeException e) {
            log.error("Audit sink {} failed to close", sink.getClass().getName(), e);
            if (problem == null) {
              problem = new AuditFailureException("Audit sink " + sink.getClass().getName() + " failed to close", e);
            }
          }
        }
      }
    }
    if (failure != null) {
      throw new AuditFailureException(
          "Audit log closed after a sink failure; " + undelivered.get()
              + " record(s) were accepted but not written to every sink (first at sequence "
              + firstUndeliveredSequence + ")",
          failure);
    }
    if (problem != null) {
      throw problem;
    }
  }

  /**
   * Returns how many records {@link #append} has accepted.
   *
   * @return the count
   */
  public long appendedCount() {
    return appended.get();
  }

  /**
   * Returns how many records were written to every sink.
   *
   * @return the count
   */
  public long writtenCount() {
    return written.get();
  }

  /**
   * Returns how many accepted records were not written to every sink because a sink failed.
   *
   * @return the count; non-zero only when {@link #failure()} is present
   */
  public long undeliveredCount() {
    return undelivered.get();
  }

  /**
   * Returns how many records wait in the queue.
   *
   * @return the count, 0 for a synchronous log
   */
  public int queuedCount() {
    return synchronous ? 0 : queue.size();
  }

  /**
   * Returns the head of the chain: the last accepted record's sequence and hash. Publish it to an
   * anchor store to make tail truncation detectable (see the package documentation).
   *
   * @return the head
   */
  public AuditHead head() {
    appendLock.lock();
    try {
      return new AuditHead(lastSequence, lastHash);
    } finally {
      appendLock.unlock();
    }
  }

  /**
   * Returns the sink failure that put the log in the failed state.
   *
   * @return the failure, or empty while the log is healthy
   */
  public Optional<AuditFailureException> failure() {
    return Optional.ofNullable(failure);
  }

  private AuditRecord chain(AuditEvent event) {
    long sequence = lastSequence + 1;
    String keyId = signingKey == null ? "" : signingKey.keyId();
    String hash = AuditJson.hash(sequence, event, lastHash, keyId);
    String signature = signingKey == null ? "" : signingKey.sign(hash);
    return new AuditRecord(sequence, event, lastHash, hash, keyId, signature);
  }

  private void ensureUsable() {
    ensureNotFailed();
    if (closed) {
      throw new AuditFailureException("The audit log is closed; no record can be accepted, so the action must be denied");
    }
  }

  private void ensureNotFailed() {
    AuditFailureException f = failure;
    if (f != null) {
      throw new AuditFailureException(
          "The audit log has failed and refuses every record (fail closed): " + f.getMessage()
              + "; fix the sink and start a new log resuming after the last verified record",
          f);
    }
  }

  private void enqueue(AuditRecord record) {
    if (overflow == OverflowPolicy.FAIL_CLOSED) {
      if (!queue.offer(record)) {
        log.error("Audit queue full ({} records): refusing record {} and failing closed", queue.size(), record.sequence());
        throw new AuditFailureException(
            "The audit queue is full (" + queue.size() + " records waiting): the sinks fall behind, so the action"
                + " is denied (fail closed); raise queueCapacity, speed up the sinks or use OverflowPolicy.BLOCK");
      }
      return;
    }
    try {
      while (!queue.offer(record, 10, TimeUnit.MILLISECONDS)) {
        ensureUsable();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditFailureException(
          "Interrupted while waiting for room in the audit queue; record " + record.sequence() + " was not accepted");
    }
  }

  private void putBarrier(Barrier barrier) {
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(barrier);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void drain() {
    while (true) {
      Object item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        continue;
      }
      if (item instanceof AuditRecord) {
        AuditRecord record = (AuditRecord) item;
        if (failure != null) {
          undelivered.incrementAndGet();
        } else {
          try {
            writeToSinks(record);
            written.incrementAndGet();
          } catch (AuditFailureException e) {
            undelivered.incrementAndGet();
          }
        }
        synchronized (progress) {
          processedThrough = record.sequence();
          progress.notifyAll();
        }
      } else {
        Barrier barrier = (Barrier) item;
        if (failure == null) {
          try {
            flushSinks();
          } catch (AuditFailureException e) {
            // failure is set and reported by flushSinks
          }
        }
        barrier.done(failure);
        if (barrier.stop) {
          return;
        }
      }
    }
  }

  private void writeToSinks(AuditRecord record) {
    for (AuditSink sink : sinks) {
      try {
        sink.write(record);
      } catch (RuntimeException | Error e) {
        throw fail(sink, "writing record " + record.sequence(), record.sequence(), e);
      }
    }
  }

  private void flushSinks() {
    for (AuditSink sink : sinks) {
      try {
        sink.flush();
      } catch (RuntimeException | Error e) {
        throw fail(sink, "flushing", Long.MAX_VALUE, e);
      }
    }
  }

  private AuditFailureException fail(AuditSink sink, String what, long sequence, Throwable cause) {
    AuditFailureException f =
        new AuditFailureException(
            "Audit sink " + sink.getClass().getName() + " failed " + what + ": " + SafeText.quote(String.valueOf(cause.getMessage()))
                + "; the audit log now refuses every record (fail closed)",
            cause);
    if (failure == null) {
      firstUndeliveredSequence = sequence;
      failure = f;
      log.error(
          "Audit sink {} failed {}; the audit log now refuses every record, and records from sequence {} on are not"
              + " written to every sink (see undeliveredCount())",
          sink.getClass().getName(), what, sequence == Long.MAX_VALUE ? "(none yet)" : sequence, cause);
    }
    return f;
  }

  /** A flush or stop marker in the queue. */
  private static final class Barrier {
    private final boolean stop;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    Barrier(boolean stop) {
      this.stop = stop;
    }

    void done(AuditFailureException failure) {
      if (failure == null) {
        done.complete(null);
      } else {
        done.completeExceptionally(failure);
      }
    }

    void await() {
      try {
        done.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AuditFailureException("Interrupted while flushing the audit log");
      } catch (ExecutionException e) {
        throw new AuditFailureException("The audit log has failed: " + e.getCause().getMessage(), e.getCause());
      }
    }
  }

  /**
   * Builds {@link AuditLog}s. Not thread-safe. Each option may be set once.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final List<AuditSink> sinks = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private boolean clockSet;
    private AuditSigningKey signingKey;
    private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    private boolean queueCapacitySet;
    private OverflowPolicy overflow = OverflowPolicy.FAIL_CLOSED;
    private boolean overflowSet;
    private AuditHead start = AuditHead.EMPTY;
    private boolean genesisSet;
    private boolean resumeSet;
    private boolean synchronous;

    private Builder() {}

    /**
     * Adds a sink; records go to every sink in the order added. At least one is required.
     *
     * @param sink the sink; closed by {@link AuditLog#close()}
     * @return this builder
     * @throws NullPointerException if {@code sink} is null
     */
    public Builder sink(AuditSink sink) {
      sinks.add(Objects.requireNonNull(sink, "sink"));
      return this;
    }

    /**
     * Sets the clock for {@link AuditLog#newEvent} (default: system UTC).
     *
     * @param value the clock
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code value} is null
     */
    public Builder clock(Clock value) {
      requireUnset(clockSet, "clock");
      clockSet = true;
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Signs every record with an Ed25519 key (default: unsigned).
     *
     * @param value the key
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code value} is null
     */
    public Builder signingKey(AuditSigningKey value) {
      requireUnset(signingKey != null, "signingKey");
      this.signingKey = Objects.requireNonNull(value, "signingKey");
      return this;
    }

    /**
     * Sets the queue capacity (default {@value AuditLog#DEFAULT_QUEUE_CAPACITY}).
     *
     * @param value the most records waiting for the writer; at least 1
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws IllegalArgumentException if {@code value} is below 1
     */
    public Builder queueCapacity(int value) {
      requireUnset(queueCapacitySet, "queueCapacity");
      if (value < 1) {
        throw new IllegalArgumentException("queueCapacity must be at least 1, but was " + value);
      }
      queueCapacitySet = true;
      this.queueCapacity = value;
      return this;
    }

    /**
     * Sets what {@code append} does when the queue is full (default {@link
     * OverflowPolicy#FAIL_CLOSED}).
     *
     * @param value the policy
     * @return this builder
     * @throws IllegalStateException if already set
     * @throws NullPointerException if {@code value} is null
     */
    public Builder overflowPolicy(OverflowPolicy value) {
      requireUnset(overflowSet, "overflowPolicy");
      overflowSet = true;
      this.overflow = Objects.requireNonNull(value, "overflowPolicy");
      return this;
    }

    /**
     * Sets the previous hash of the first record (default {@link AuditJson#GENESIS_HASH}), for
     * example a digest that ties the chain to a deployment.
     *
     * @param value 64 lowercase hexadecimal characters
     * @return this builder
     * @throws IllegalStateException if this or {@link #resumeAfter} is already set
     * @throws IllegalArgumentException if the value is not 64 lowercase hexadecimal characters
     * @throws NullPointerException if {@code value} is null
     */
    public Builder genesisHash(String value) {
      requireUnset(genesisSet || resumeSet, "genesisHash/resumeAfter");
      this.start = new AuditHead(0, Objects.requireNonNull(value, "genesisHash"));
      genesisSet = true;
      return this;
    }

    /**
     * Continues an existing chain after its verified head, for example after a restart: take the
     * head from {@link AuditVerifier#verify(java.nio.file.Path)} of the existing file.
     *
     * @param head the last record's sequence and hash
     * @return this builder
     * @throws IllegalStateException if this or {@link #genesisHash} is already set
     * @throws NullPointerException if {@code head} is null
     */
    public Builder resumeAfter(AuditHead head) {
      requireUnset(genesisSet || resumeSet, "genesisHash/resumeAfter");
      this.start = Objects.requireNonNull(head, "head");
      resumeSet = true;
      return this;
    }

    /**
     * Writes each record to the sinks inside {@code append}, with no queue and no writer thread:
     * slower (callers wait for the sinks, one at a time) but every returned record is written.
     *
     * @return this builder
     */
    public Builder synchronous() {
      this.synchronous = true;
      return this;
    }

    /**
     * Builds the log and, unless synchronous, starts its writer thread.
     *
     * @return the log
     * @throws IllegalStateException if no sink was added, or a queue option was set for a
     *     synchronous log
     */
    public AuditLog build() {
      if (sinks.isEmpty()) {
        throw new IllegalStateException("An audit log needs at least one sink; add one with sink(..)");
      }
      if (synchronous && (queueCapacitySet || overflowSet)) {
        throw new IllegalStateException("queueCapacity and overflowPolicy do not apply to a synchronous() log");
      }
      return new AuditLog(this);
    }

    private static void requireUnset(boolean set, String name) {
      if (set) {
        throw new IllegalStateException(name + " is already set");
      }
    }
  }
}
