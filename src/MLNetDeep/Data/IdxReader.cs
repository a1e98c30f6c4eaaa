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
    /// <exception cref="InvalidDataException">Bad magic number, bad dimensions, a truncated body or trailing bytes; the message names the file and byte offset.</exception>
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
        for (int d = 0; d < rank; d++)
        {
            long at = offset;
            dims[d] = ReadInt32(stream, path, ref offset, $"dimension {d}");
            if (dims[d] < 0 || (d > 0 && dims[d] == 0))
            {
                throw new InvalidDataException($"{path}, byte offset {at}{where}: expected {(d == 0 ? "a non-negative count" : "a positive size")} for dimension {d}, found {dims[d]}.");
            }

            total *= dims[d];
            if (total > Array.MaxLength)
            {
                throw new InvalidDataException($"{path}, byte offset {at}{where}: the dimensions [{string.Join(", ", dims.Take(d + 1))}] describe more than {Array.MaxLength} bytes.");
            }
        }

        var body = new byte[total];
        int read = stream.ReadAtLeast(body, body.Length, throwOnEndOfStream: false);
        if (read < body.Length)
        {
            throw new InvalidDataException(
                $"{path}, byte offset {offset + read}{where}: truncated — expected {body.Length} body bytes ({string.Join(" x ", dims)}) from offset {offset} to {offset + body.Length}, found only {read}.");
        }

        offset += read;
        if (stream.ReadByte() != -1)
        {
            throw new InvalidDataException($"{path}, byte offset {offset}{where}: expected the end of the file after {string.Join(" x ", dims)} body bytes, found more data.");
        }

        return (dims, body);
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
        int n = stream.ReadAtLeast(b, 4, throwOnEndOfStream: false);
        if (n < 4)
        {
            throw new InvalidDataException($"{path}, byte offset {offset + n}: truncated — expected 4 bytes of {what} (a big-endian 32-bit integer) at offset {offset}, found only {n}.");
        }

        offset += 4;
        return System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(b);
    }
}
