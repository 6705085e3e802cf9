package dev.jwtauthfilter.testsupport;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;

/** A blocking {@link ServletOutputStream} for fake responses: every byte written goes to the given buffer. */
public final class CapturingOutputStream extends ServletOutputStream {
    private final ByteArrayOutputStream out;

    public CapturingOutputStream(ByteArrayOutputStream out) {
        this.out = out;
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
        throw new UnsupportedOperationException("blocking stream: no async I/O");
    }

    @Override
    public void write(int b) {
        out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        out.write(b, off, len);
    }
}
