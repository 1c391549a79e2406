package io.kvmctl.bench;

import io.kvmctl.qmp.QmpClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * Sends {@code total} checked commands spread over many QMP connections from several threads. Each thread picks a
 * random VM and pipelines a small batch of different commands on it (so replies to one connection can be confused
 * with each other, and several threads often share a connection), then checks every reply.
 */
final class CommandLoad {
    /** What came back. {@code lost}: no reply within the timeout; {@code failed}: an error or a closed connection. */
    record Result(int ok, int misrouted, int lost, int failed, String firstProblem, Samples latency, long wallNanos) {
        int total() {
            return ok + misrouted + lost + failed;
        }
    }

    private static final long REPLY_TIMEOUT_SECONDS = 30;

    private final List<String> names;
    private final List<QmpClient> clients;
    private final CheckedCommands commands;
    private final int total;
    private final int batch;

    CommandLoad(List<String> names, List<QmpClient> clients, CheckedCommands commands, int total, int batch) {
        this.names = names;
        this.clients = clients;
        this.commands = commands;
        this.total = total;
        this.batch = batch;
    }

    Result run(int threads) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger misrouted = new AtomicInteger();
        AtomicInteger lost = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        long[] latency = new long[total];
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().name("scale-load-" + t).start(() -> {
                int first;
                while ((first = next.getAndAdd(batch)) < total) {
                    int vm = ThreadLocalRandom.current().nextInt(names.size());
                    int n = Math.min(batch, total - first);
                    List<CheckedCommands.Command> sent = new ArrayList<>();
                    List<CompletableFuture<JsonNode>> originals = new ArrayList<>();
                    List<CompletableFuture<JsonNode>> replies = new ArrayList<>();
                    for (int k = 0; k < n; k++) {
                        int index = first + k;
                        CheckedCommands.Command c = commands.command(index, names.get(vm));
                        long t0 = System.nanoTime();
                        CompletableFuture<JsonNode> f = clients.get(vm).submit(c.name(), c.arguments());
                        // Waiting on the dependent future makes the stamp visible to us (and it is taken first).
                        sent.add(c);
                        originals.add(f);
                        replies.add(f.whenComplete((v, e) -> latency[index] = System.nanoTime() - t0));
                    }
                    for (int k = 0; k < n; k++) {
                        CheckedCommands.Command c = sent.get(k);
                        String where = names.get(vm) + " #" + (first + k) + " " + c.name();
                        try {
                            JsonNode reply = replies.get(k).get(REPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                            if (c.matches(reply)) {
                                ok.incrementAndGet();
                            } else {
                                misrouted.incrementAndGet();
                                problems.add(where + ": expected " + c.expected() + ", the reply is about "
                                        + CheckedCommands.answerOf(c, reply));
                            }
                        } catch (TimeoutException e) {
                            originals.get(k).cancel(false); // forgets the id: a late reply is dropped
                            lost.incrementAndGet();
                            problems.add(where + ": no reply within " + REPLY_TIMEOUT_SECONDS + " s");
                        } catch (ExecutionException | CancellationException e) {
                            failed.incrementAndGet();
                            Throwable cause = e.getCause() instanceof IOException io ? io : e;
                            problems.add(where + ": " + cause);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        long wall = System.nanoTime() - start;
        return new Result(
                ok.get(),
                misrouted.get(),
                lost.get(),
                failed.get(),
                problems.isEmpty() ? null : problems.get(0),
                new Samples(latency),
                wall);
    }
}
