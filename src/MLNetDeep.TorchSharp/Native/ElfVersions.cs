namespace MLNetDeep.TorchSharp.Native;

using System.Buffers.Binary;
using System.Text;

/// <summary>
/// Reads and edits the symbol-versioning tables of a 64-bit little-endian ELF shared library (x86-64, arm64 Linux):
/// the versions it needs from other libraries (<c>.gnu.version_r</c>: Verneed/Vernaux entries) and the versions a
/// library defines (<c>.gnu.version_d</c>: Verdef/Verdaux). The dynamic linker refuses to load a library when a
/// non-weak needed version is missing; <see cref="MarkWeak"/> sets <c>VER_FLG_WEAK</c> on chosen entries, which the
/// linker then reports (with LD_DEBUG) instead of failing.
/// </summary>
internal static class ElfVersions
{
    /// <summary>Vernaux's <c>vna_flags</c> bit for a weak version reference (elf.h).</summary>
    public const ushort WeakFlag = 0x2;

    private const uint VersionNeedsSection = 0x6ffffffe; // SHT_GNU_verneed
    private const uint VersionDefinitionsSection = 0x6ffffffd; // SHT_GNU_verdef

    /// <summary>One needed version: which library it is needed from, its name, its flags and where the flags are stored.</summary>
    /// <param name="File">The library the version is needed from, e.g. <c>libstdc++.so.6</c>.</param>
    /// <param name="Name">The version, e.g. <c>GLIBCXX_3.4.32</c>.</param>
    /// <param name="Flags">The entry's <c>vna_flags</c>.</param>
    /// <param name="FlagsOffset">The file offset of <c>vna_flags</c>.</param>
    public readonly record struct NeededVersion(string File, string Name, ushort Flags, long FlagsOffset)
    {
        /// <summary>Whether the reference is weak (a missing version is then not an error).</summary>
        public bool IsWeak => (Flags & WeakFlag) != 0;
    }

    /// <summary>The versions <paramref name="elf"/> needs, in table order.</summary>
    /// <exception cref="InvalidDataException">Not a 64-bit little-endian ELF file, or its tables run past its end.</exception>
    public static IReadOnlyList<NeededVersion> ReadNeeds(ReadOnlySpan<byte> elf)
    {
        var result = new List<NeededVersion>();
        foreach ((long offset, long size, long strings, long stringsSize) in Sections(elf, VersionNeedsSection))
        {
            long entry = offset;
            while (true)
            {
                Check(elf, entry, 16);
                int count = U16(elf, entry + 2);
                string file = Name(elf, strings, stringsSize, U32(elf, entry + 4));
                long aux = entry + U32(elf, entry + 8);
                for (int i = 0; i < count; i++)
                {
                    Check(elf, aux, 16);
                    result.Add(new NeededVersion(file, Name(elf, strings, stringsSize, U32(elf, aux + 8)), (ushort)U16(elf, aux + 4), aux + 4));
                    uint nextAux = U32(elf, aux + 12);
                    if (nextAux == 0)
                    {
                        break;
                    }

                    aux += nextAux;
                }

                uint next = U32(elf, entry + 12);
                if (next == 0 || entry + next >= offset + size)
                {
                    break;
                }

                entry += next;
            }
        }

        return result;
    }

    /// <summary>The version names <paramref name="elf"/> defines (for libstdc++: <c>GLIBCXX_3.4</c> ... and <c>CXXABI_1.3</c> ...).</summary>
    /// <exception cref="InvalidDataException">Not a 64-bit little-endian ELF file, or its tables run past its end.</exception>
    public static IReadOnlySet<string> ReadDefinitions(ReadOnlySpan<byte> elf)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach ((long offset, long size, long strings, long stringsSize) in Sections(elf, VersionDefinitionsSection))
        {
            long entry = offset;
            while (true)
            {
                Check(elf, entry, 20);
                int count = U16(elf, entry + 6);
                long aux = entry + U32(elf, entry + 12);
                if (count > 0)
                {
                    Check(elf, aux, 8);
                    result.Add(Name(elf, strings, stringsSize, U32(elf, aux))); // the first Verdaux names the version itself
                }

                uint next = U32(elf, entry + 16);
                if (next == 0 || entry + next >= offset + size)
                {
                    break;
                }

                entry += next;
            }
        }

        return result;
    }

    /// <summary>
    /// A copy of <paramref name="elf"/> in which the needed versions <paramref name="versions"/> from
    /// <paramref name="file"/> are marked weak; every other byte is unchanged.
    /// </summary>
    /// <exception cref="InvalidDataException">A version is not needed from that file.</exception>
    public static byte[] MarkWeak(ReadOnlySpan<byte> elf, string file, IEnumerable<string> versions)
    {
        byte[] copy = elf.ToArray();
        IReadOnlyList<NeededVersion> needs = ReadNeeds(elf);
        foreach (string version in versions)
        {
            NeededVersion entry = needs.FirstOrDefault(n => n.File == file && n.Name == version);
            if (entry.Name is null)
            {
                throw new InvalidDataException($"The library does not need version {version} from {file}.");
            }

            BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan((int)entry.FlagsOffset), (ushort)(entry.Flags | WeakFlag));
        }

        return copy;
    }

    private static IEnumerable<(long Offset, long Size, long Strings, long StringsSize)> Sections(ReadOnlySpan<byte> elf, uint type)
    {
        if (elf.Length < 64 || elf[0] != 0x7F || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException("Not an ELF file.");
        }

        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("Not a 64-bit little-endian ELF file.");
        }

        long sectionHeaders = (long)U64(elf, 0x28);
        int entrySize = U16(elf, 0x3A);
        int count = U16(elf, 0x3C);
        var found = new List<(long, long, long, long)>();
        for (int i = 0; i < count; i++)
        {
            long header = sectionHeaders + ((long)i * entrySize);
            Check(elf, header, 64);
            if (U32(elf, header + 4) != type)
            {
                continue;
            }

            long offset = (long)U64(elf, header + 24);
            long size = (long)U64(elf, header + 32);
            long link = sectionHeaders + ((long)U32(elf, header + 40) * entrySize);
            Check(elf, link, 64);
            long strings = (long)U64(elf, link + 24);
            long stringsSize = (long)U64(elf, link + 32);
            Check(elf, offset, size);
            Check(elf, strings, stringsSize);
            found.Add((offset, size, strings, stringsSize));
        }

        return found;
    }

    private static string Name(ReadOnlySpan<byte> elf, long strings, long size, uint index)
    {
        if (index >= size)
        {
            throw new InvalidDataException($"A version name points outside the string table ({index} of {size} bytes).");
        }

        ReadOnlySpan<byte> rest = elf.Slice((int)(strings + index), (int)(size - index));
        int end = rest.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? rest : rest[..end]);
    }

    private static void Check(ReadOnlySpan<byte> elf, long offset, long length)
    {
        if (offset < 0 || length < 0 || offset + length > elf.Length)
        {
            throw new InvalidDataException($"The ELF file is truncated: {length} bytes at offset {offset} run past its end ({elf.Length} bytes).");
        }
    }

    private static int U16(ReadOnlySpan<byte> elf, long at) => BinaryPrimitives.ReadUInt16LittleEndian(elf[(int)at..]);

    private static uint U32(ReadOnlySpan<byte> elf, long at) => BinaryPrimitives.ReadUInt32LittleEndian(elf[(int)at..]);

    private static ulong U64(ReadOnlySpan<byte> elf, long at) => BinaryPrimitives.ReadUInt64LittleEndian(elf[(int)at..]);
}
