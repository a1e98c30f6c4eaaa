namespace MLNetDeep.Data;

using System.IO.Compression;

/// <summary>
/// Reads IDX files (Yann LeCun's MNIST format, also used by Fashion-MNIST), plain or gzip-compressed: a big-endian
/// magic number (0x0000 08 0D: unsigned bytes, D dimensions — 2051 for 3-D images, 2049 for 1-D labels), D big-endian
/// 32-bit dimension sizes, then the body of unsigned bytes in row-major order.
/// </summary>
internal static class IdxReader
{
    /// <summary>The magic number of an unsigned-byte image file (3 dimensions: count, rows, columns).</summary>
    public const int ImagesMagic = 2051;

    /// <summary>The magic number of an unsigned-byte label file (1 dimension: count).</summary>
    public const int LabelsMagic = 2049;

    /// <summary>The first existing file of <paramref name="candidates"/>; else a <see cref="FileNotFoundException"/> naming them all.</summary>
    public static string FindFile(string what, params string[] candidates) =>
        candidates.FirstOrDefault(File.Exists)
        ?? throw new FileNotFoundException($"No IDX {what} file: looked for {string.Join(" and ", candidates.Select(c => $"'{c}'"))}.", candidates[0]);

    /// <summary>Reads an IDX file of the given magic number: its dimension sizes and body bytes (count = product of dimensions).</summary>
    /// <exception cref="InvalidDataException">Bad magic number, bad dimensions, a truncated body, trailing bytes or corrupt gzip data; the message names the file and byte offset. The declared size is checked against the data before it is allocated.</exception>
    public static (int[] Dimensions, byte[] Body) Read(string path, int expectedMagic)
    {
        using Stream file = File.OpenRead(path);
        using Stream stream = IsGzip(path, file) ? new GZipStream(file, CompressionMode.Decompress) : file;
        long offset = 0;
        string where = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? " of the decompressed data" : "";
        int magic = ReadInt32(stream, path, ref offset, "the magic number");
        if (magic != expectedMagic)
        {
            string hint = magic switch
            {
                ImagesMagic => " — this is an image file",
                LabelsMagic => " — this is a label file",
                _ when System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(magic) == expectedMagic => " — the bytes are little-endian; IDX is big-endian",
                _ => "",
            };
            throw new InvalidDataException(
                $"{path}, byte offset 0{where}: expected the IDX magic number {expectedMagic} (0x{expectedMagic:X8}, {(expectedMagic == ImagesMagic ? "3-D unsigned-byte images" : "1-D unsigned-byte labels")}), found {magic} (0x{magic:X8}){hint}.");
        }

        int rank = expectedMagic & 0xFF;
        var dims = new int[rank];
        long total = 1;
        long item = 1; // the size of one item (an image), checked on its own: with a count of 0 the total says nothing
        for (int d = 0; d < rank; d++)
        {
            long at = offset;
            dims[d] = ReadInt32(stream, path, ref offset, $"dimension {d}");
            if (dims[d] < 0 || (d > 0 && dims[d] == 0))
            {
                throw new InvalidDataException($"{path}, byte offset {at}{where}: expected {(d == 0 ? "a non-negative count" : "a positive size")} for dimension {d}, found {dims[d]}.");
            }

            total *= dims[d];
            item *= d > 0 ? dims[d] : 1;
            if (total > Array.MaxLength || item > Array.MaxLength)
            {
                throw new InvalidDataException($"{path}, byte offset {at}{where}: the dimensions [{string.Join(", ", dims.Take(d + 1))}] describe more than {Array.MaxLength} bytes.");
            }
        }

        // The declared size is not trusted: a plain file's length is checked before anything is allocated, and a gzip
        // body is read in chunks that grow as data arrives, so a header claiming gigabytes over a few bytes allocates
        // only what is there.
        byte[] body;
        int read;
        if (stream == file && file.Length - offset < total)
        {
            body = [];
            read = (int)Math.Max(0, file.Length - offset);
        }
        else
        {
            body = ReadBody(stream, path, (int)total, offset, out read);
        }

        if (read < total)
        {
            throw new InvalidDataException(
                $"{path}, byte offset {offset + read}{where}: truncated — expected {total} body bytes ({string.Join(" x ", dims)}) from offset {offset} to {offset + total}, found only {read}.");
        }

        offset += read;
        if (Fill(stream, new byte[1], path, offset) != 0)
        {
            throw new InvalidDataException($"{path}, byte offset {offset}{where}: expected the end of the file after {string.Join(" x ", dims)} body bytes, found more data.");
        }

        return (dims, body);
    }

    /// <summary>Reads up to <paramref name="total"/> bytes into a buffer that starts at 1 MiB and doubles while data keeps coming.</summary>
    private static byte[] ReadBody(Stream stream, string path, int total, long offset, out int read)
    {
        var body = new byte[Math.Min(total, 1 << 20)];
        read = 0;
        while (true)
        {
            read += Fill(stream, body.AsSpan(read), path, offset + read);
            if (read < body.Length || body.Length == total)
            {
                return body;
            }

            Array.Resize(ref body, (int)Math.Min(total, 2L * body.Length));
        }
    }

    /// <summary>Fills <paramref name="buffer"/> as far as the stream goes; a corrupt gzip stream's error names the file.</summary>
    private static int Fill(Stream stream, Span<byte> buffer, string path, long offset)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException e) when (stream is GZipStream)
        {
            throw new InvalidDataException($"{path}, near byte offset {offset} of the decompressed data: the gzip data is corrupt ({e.Message}).", e);
        }
    }

    private static bool IsGzip(string path, Stream file)
    {
        // Trust the content, not only the name: gzip starts with 1F 8B.
        Span<byte> head = stackalloc byte[2];
        int n = file.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return (n == 2 && head[0] == 0x1F && head[1] == 0x8B) || (n < 2 && path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase));
    }

    private static int ReadInt32(Stream stream, string path, ref long offset, string what)
    {
        Span<byte> b = stackalloc byte[4];
        int n = Fill(stream, b, path, offset);
        if (n < 4)
        {
            throw new InvalidDataException($"{path}, byte offset {offset + n}: truncated — expected 4 bytes of {what} (a big-endian 32-bit integer) at offset {offset}, found only {n}.");
        }

        offset += 4;
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(b);
    }
}
