package io.linkmesh.store.fs.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Group commit: callers queue their work; one of them at a time (the leader) takes everything
 * queued and writes it with one round of fsyncs, while the others wait. A caller whose work a
 * leader finished returns at once, without waiting for the write lock, so it can queue its next
 * piece of work behind the current round; under load each round carries many callers.
 *
 * @param <I> one caller's work
 * @param <O> its result
 */
final class GroupCommit<I, O> {
  private final Object monitor = new Object();
  private final ArrayDeque<Ticket<I, O>> queue = new ArrayDeque<>();
  private final int maxBatch;
  private final Consumer<List<Ticket<I, O>>> writer;
  private boolean writing;
  private boolean closing;
  private @Nullable String closed;

  /** One caller's work and, once done, its outcome. */
  static final class Ticket<I, O> {
    final I input;
    @Nullable O output;
    @Nullable RuntimeException error;
    boolean done;

    Ticket(I input) {
      this.input = input;
    }
  }

  /**
   * @param writer writes a batch, setting each ticket's output or error; it runs in one thread at a
   *     time
   */
  GroupCommit(int maxBatch, Consumer<List<Ticket<I, O>>> writer) {
    this.maxBatch = maxBatch;
    this.writer = writer;
  }

  O submit(I input) {
    return submitAll(List.of(input)).get(0);
  }

  /**
   * Queues several pieces of work together and returns their results in order once all are written;
   * they usually share one round (more than one only past {@code maxBatch}).
   */
  List<O> submitAll(List<I> inputs) {
    List<Ticket<I, O>> mine = new ArrayList<>(inputs.size());
    for (I input : inputs) {
      mine.add(new Ticket<>(input));
    }
    synchronized (monitor) {
      if (closed != null) {
        throw new IllegalStateException(closed);
      }
      queue.addAll(mine);
    }
    while (true) {
      List<Ticket<I, O>> batch;
      synchronized (monitor) {
        boolean interrupted = false;
        while ((writing || closing) && !allDone(mine)) {
          try {
            monitor.wait();
          } catch (InterruptedException e) {
            // The work is queued and may yet be written: wait for its outcome regardless.
            interrupted = true;
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        if (allDone(mine)) {
          return outcomes(mine);
        }
        writing = true;
        batch = new ArrayList<>();
        while (batch.size() < maxBatch && !queue.isEmpty()) {
          batch.add(queue.poll());
        }
      }
      try {
        writer.accept(batch);
      } catch (RuntimeException e) {
        for (Ticket<I, O> t : batch) {
          if (t.error == null) {
            t.output = null;
            t.error = e;
          }
        }
      } finally {
        synchronized (monitor) {
          batch.forEach(t -> t.done = true);
          writing = false;
          monitor.notifyAll();
        }
      }
    }
  }

  private static <I, O> boolean allDone(List<Ticket<I, O>> tickets) {
    for (Ticket<I, O> t : tickets) {
      if (!t.done) {
        return false;
      }
    }
    return true;
  }

  private List<O> outcomes(List<Ticket<I, O>> tickets) {
    List<O> out = new ArrayList<>(tickets.size());
    for (Ticket<I, O> t : tickets) {
      out.add(outcome(t));
    }
    return out;
  }

  /** Whether {@link #close} has begun. */
  boolean closing() {
    synchronized (monitor) {
      return closing || closed != null;
    }
  }

  /** How much work waits for the next round. */
  int queued() {
    synchronized (monitor) {
      return queue.size();
    }
  }

  private O outcome(Ticket<I, O> ticket) {
    RuntimeException error = ticket.error;
    if (error != null) {
      throw error;
    }
    return Objects.requireNonNull(ticket.output);
  }

  /**
   * Waits for the round being written, refuses everything still queued with {@code refusal}, and
   * refuses later submissions; then runs {@code release} while no round can start.
   */
  void close(String message, RuntimeException refusal, Runnable release) {
    synchronized (monitor) {
      if (closed != null || closing) {
        return;
      }
      closing = true;
      boolean interrupted = false;
      while (writing) {
        try {
          monitor.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      closed = message;
      for (Ticket<I, O> t : queue) {
        t.error = refusal;
        t.done = true;
      }
      queue.clear();
      try {
        release.run();
      } finally {
        monitor.notifyAll();
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
