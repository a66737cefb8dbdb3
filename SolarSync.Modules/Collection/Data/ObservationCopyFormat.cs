using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.Data;

/// <summary>
/// Observation rows in PostgreSQL's binary COPY format (PostgreSQL manual, COPY, "Binary Format"), in the column
/// order of <see cref="ObservationRepository"/>: a signature and two zero words, then per row a 16-bit field count
/// and each field as a 32-bit byte length (−1 for NULL) and its value in network byte order; a field count of −1
/// ends the data. Encoded here rather than through Npgsql's per-value importer, which cost the client several
/// times what the server needs to load the rows.
/// </summary>
internal static class ObservationCopyFormat
{
    private const short FieldCount = 16;

    // timestamptz is microseconds since 2000-01-01 00:00 UTC.
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    // "PGCOPY\n\377\r\n\0"
    private static ReadOnlySpan<byte> Signature => [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00];

    // Everything but the source text: count, 16 lengths, site, time, 11 doubles, flags, imputed.
    private const int FixedRowBytes = 2 + FieldCount * 4 + 8 + 8 + 11 * 8 + 4 + 1;

    /// <summary>Writes <paramref name="rows"/> as one complete COPY input (header, rows, trailer) to <paramref name="copy"/>.</summary>
    public static async Task WriteAsync(Stream copy, IReadOnlyList<Observation> rows, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var used = WriteHeader(buffer);
            foreach (var row in rows)
            {
                var needed = FixedRowBytes + Encoding.UTF8.GetMaxByteCount(row.Source.Length);
                if (used + needed > buffer.Length)
                {
                    await copy.WriteAsync(buffer.AsMemory(0, used), ct);
                    used = 0;
                    if (needed > buffer.Length)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = ArrayPool<byte>.Shared.Rent(needed);
                    }
                }
                used += WriteRow(buffer.AsSpan(used), row);
            }
            BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(used), -1);
            await copy.WriteAsync(buffer.AsMemory(0, used + 2), ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int WriteHeader(Span<byte> buffer)
    {
        Signature.CopyTo(buffer);
        BinaryPrimitives.WriteInt32BigEndian(buffer[Signature.Length..], 0); // flags: no OIDs
        BinaryPrimitives.WriteInt32BigEndian(buffer[(Signature.Length + 4)..], 0); // no header extension
        return Signature.Length + 8;
    }

    private static int WriteRow(Span<byte> buffer, Observation row)
    {
        var writer = new FieldWriter(buffer);
        writer.Count(FieldCount);
        writer.Int64(row.SiteId);
        writer.Text(row.Source);
        writer.Int64((row.Ts.UtcTicks - PostgresEpochTicks) / TimeSpan.TicksPerMicrosecond);
        writer.Double(row.GhiWm2);
        writer.Double(row.DniWm2);
        writer.Double(row.DhiWm2);
        writer.Double(row.TempC);
        writer.Double(row.RelHumidityPct);
        writer.Double(row.PressureHpa);
        writer.Double(row.WindSpeed10mMs);
        writer.Double(row.WindSpeed100mMs);
        writer.Double(row.WindDirDeg);
        writer.Double(row.CloudCoverPct);
        writer.Double(row.PowerKw);
        writer.Int32((int)row.Flags);
        writer.Bool(row.Imputed);
        return writer.Written;
    }

    private ref struct FieldWriter(Span<byte> buffer)
    {
        private readonly Span<byte> buffer = buffer;

        public int Written { get; private set; }

        public void Count(short fields) => Put(fields);

        public void Int64(long value)
        {
            Put(8);
            BinaryPrimitives.WriteInt64BigEndian(buffer[Written..], value);
            Written += 8;
        }

        public void Int32(int value)
        {
            Put(4);
            Put(value);
        }

        public void Double(double? value)
        {
            if (value is not { } v)
            {
                Put(-1);
                return;
            }
            Put(8);
            BinaryPrimitives.WriteDoubleBigEndian(buffer[Written..], v);
            Written += 8;
        }

        public void Bool(bool value)
        {
            Put(1);
            buffer[Written++] = value ? (byte)1 : (byte)0;
        }

        public void Text(string value)
        {
            var length = Encoding.UTF8.GetBytes(value, buffer[(Written + 4)..]);
            Put(length);
            Written += length;
        }

        private void Put(short value)
        {
            BinaryPrimitives.WriteInt16BigEndian(buffer[Written..], value);
            Written += 2;
        }

        private void Put(int value)
        {
            BinaryPrimitives.WriteInt32BigEndian(buffer[Written..], value);
            Written += 4;
        }
    }
}
