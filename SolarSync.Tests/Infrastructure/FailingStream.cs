namespace SolarSync.Tests.Infrastructure;

/// <summary>Passes writes through until a byte budget is spent, then throws like a full disk.</summary>
internal sealed class FailingStream(Stream inner, int failAfterBytes) : Stream
{
    private int written;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (written + buffer.Length > failAfterBytes)
        {
            var allowed = failAfterBytes - written;
            inner.Write(buffer[..allowed]);
            written = failAfterBytes;
            throw new IOException("No space left on device (simulated).");
        }

        inner.Write(buffer);
        written += buffer.Length;
    }

    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
