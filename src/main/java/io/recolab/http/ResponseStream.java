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
 * that goes away makes the next write fail, which ends the export and frees its connection.
 */
final class ResponseStream extends OutputStream {
    static final int CHUNK_BYTES = 64 * 1024;
    static final int IN_FLIGHT = 4;
    /** A client that takes nothing for this long is treated as gone. */
    static final long STALL_SECONDS = 120;

    private final Context context;
    private final HttpServerResponse response;
    private final Semaphore permits = new Semaphore(IN_FLIGHT);
    private final byte[] chunk = new byte[CHUNK_BYTES];
    private int used;
    private volatile boolean gone;

    /** Call on the response's event loop, before the worker starts writing. */
    ResponseStream(Context context, HttpServerResponse response) {
        this.context = context;
        this.response = response;
        response.closeHandler(v -> gone = true);
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
            long waited = 0;
            while (!permits.tryAcquire(1, TimeUnit.SECONDS)) {
                if (gone) {
                    break;
                }
                if (++waited >= STALL_SECONDS) {
                    throw new IOException("the client read nothing for " + STALL_SECONDS + " s");
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
        context.runOnContext(v -> {
            if (response.closed() || response.ended()) {
                gone = true;
                permits.release();
                return;
            }
            response.write(buffer).onComplete(done -> permits.release());
        });
    }
}
