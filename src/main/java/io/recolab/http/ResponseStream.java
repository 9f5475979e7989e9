package io.recolab.http;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * An OutputStream a worker thread writes a long download into, with back-pressure: bytes go to the
 * response in chunks on the response's event loop, and at most {@link #IN_FLIGHT} chunks may be
 * on their way to the socket at once (a chunk's permit returns when vert.x has written it). A slow
 * client thus slows the writer down instead of letting the response queue grow in memory; a client
 * that goes away (or a stream {@link #abort}ed by its route) makes the next write fail, which ends
 * the export. {@link #idleNanos} tells the route how long no byte has moved, in either direction
 * of the pipe: a chunk handed on by the writer or taken by the socket.
 */
final class ResponseStream extends OutputStream {
    static final int CHUNK_BYTES = 64 * 1024;
    static final int IN_FLIGHT = 4;

    private final Context context;
    private final HttpServerResponse response;
    private final Semaphore permits = new Semaphore(IN_FLIGHT);
    private final byte[] chunk = new byte[CHUNK_BYTES];
    private int used;
    private volatile boolean gone;
    private volatile long lastProgress = System.nanoTime();

    /**
     * Call on the response's event loop, before the worker starts writing.
     *
     * @param onGone runs (on the event loop, once) when the client closes the connection
     */
    ResponseStream(Context context, HttpServerResponse response, Runnable onGone) {
        this.context = context;
        this.response = response;
        response.closeHandler(v -> {
            gone = true;
            onGone.run();
        });
    }

    /** Nanoseconds since a chunk last moved. */
    long idleNanos() {
        return System.nanoTime() - lastProgress;
    }

    /** Makes the writer's next write fail (the route gave up on this download). */
    void abort() {
        gone = true;
    }

    @Override
    public void write(int b) throws IOException {
        if (used == chunk.length) {
            send();
        }
        chunk[used++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (used == chunk.length) {
                send();
            }
            int n = Math.min(length, chunk.length - used);
            System.arraycopy(bytes, offset, chunk, used, n);
            used += n;
            offset += n;
            length -= n;
        }
    }

    /** Rows flush only at the end; a flush sends what is buffered. */
    @Override
    public void flush() throws IOException {
        if (used > 0) {
            send();
        }
    }

    /** True once the client closed the connection (its failure is no server error). */
    boolean gone() {
        return gone;
    }

    /** Sends the rest and ends the response, after every chunk (tasks on one context run in order). */
    void finish() throws IOException {
        flush();
        context.runOnContext(v -> {
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        });
    }

    private void send() throws IOException {
        try {
            // The route's watchdog ends a download whose client takes nothing (abort), so this wait ends too.
            while (!permits.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                if (gone) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while streaming", e);
        }
        if (gone) {
            throw new IOException("the client closed the connection");
        }
        Buffer buffer = Buffer.buffer(used).appendBytes(chunk, 0, used);
        used = 0;
        lastProgress = System.nanoTime();
        context.runOnContext(v -> {
            if (response.closed() || response.ended()) {
                gone = true;
                permits.release();
                return;
            }
            response.write(buffer).onComplete(done -> {
                lastProgress = System.nanoTime();
                permits.release();
            });
        });
    }
}
