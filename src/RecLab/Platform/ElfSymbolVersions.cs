using System.Buffers.Binary;
using System.Text;

namespace RecLab.Platform;

/// <summary>One entry of an ELF object's version-needs table (<c>.gnu.version_r</c>): "this object needs
/// version <see cref="Version"/> of <see cref="Library"/>".</summary>
/// <param name="Library">The file name the need is recorded against, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="Version">The version name, e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Weak">Whether the entry carries <c>VER_FLG_WEAK</c>: the loader then accepts its absence.</param>
/// <param name="Index">The version index that <c>.gnu.version</c> uses for symbols bound to this version.</param>
/// <param name="FlagsOffset">File offset of the entry's 16-bit <c>vna_flags</c> field.</param>
public sealed record ElfVersionNeed(string Library, string Version, bool Weak, ushort Index, long FlagsOffset);

/// <summary>
/// Reads the symbol-versioning tables of a 64-bit little-endian ELF shared object: the versions it needs from
/// other libraries, the versions it defines, and which versions its relocations actually bind to.
/// </summary>
/// <remarks>
/// Written by hand (about a hundred lines) because no maintained .NET ELF reader is available on the NuGet copy
/// this kit builds from, and patchelf has no option for the one edit RecLab needs (see <see cref="NativeShimRepair"/>).
/// Layouts follow the System V gABI and the LSB "Symbol Versioning" chapter.
/// </remarks>
public sealed class ElfSymbolVersions
{
    private const uint ShtRela = 4, ShtRel = 9, ShtDynsym = 11;
    private const uint ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;
    /// <summary><c>VER_FLG_WEAK</c>: a needed version whose absence the dynamic loader tolerates.</summary>
    public const ushort VerFlagWeak = 0x2;

    private readonly byte[] _data;
    private readonly Section[] _sections;

    private ElfSymbolVersions(string path, byte[] data)
    {
        Path = path;
        _data = data;
        if (data.Length < 64 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
            throw new InvalidDataException($"{path}: not an ELF file.");
        if (data[4] != 2 || data[5] != 1)
            throw new InvalidDataException($"{path}: only 64-bit little-endian ELF is supported (class {data[4]}, data {data[5]}).");
        var shoff = (long)U64(0x28);
        int shentsize = U16(0x3a), shnum = U16(0x3c);
        if (shoff <= 0 || shentsize < 64 || shoff + (long)shnum * shentsize > data.Length)
            throw new InvalidDataException($"{path}: section header table out of range.");
        _sections = new Section[shnum];
        for (var i = 0; i < shnum; i++)
        {
            var h = (int)(shoff + (long)i * shentsize);
            _sections[i] = new Section(U32(h + 4), (long)U64(h + 24), (long)U64(h + 32), U32(h + 40), U32(h + 44), (long)U64(h + 56));
        }
        Needs = ReadNeeds();
        Definitions = ReadDefinitions();
    }

    /// <summary>The file this was read from.</summary>
    public string Path { get; }

    /// <summary>Every needed version, in table order.</summary>
    public IReadOnlyList<ElfVersionNeed> Needs { get; }

    /// <summary>Names of the versions this object defines (<c>.gnu.version_d</c>), e.g. <c>GLIBCXX_3.4.30</c>.</summary>
    public IReadOnlySet<string> Definitions { get; }

    /// <summary>Reads the object at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a 64-bit little-endian ELF object or is truncated.</exception>
    public static ElfSymbolVersions Read(string path) => new(path, File.ReadAllBytes(path));

    /// <summary>
    /// Names of the dynamic symbols bound to version <paramref name="versionIndex"/> that some relocation refers to.
    /// An empty answer means no code or data of the object is ever bound to a symbol of that version, so the
    /// loader never needs to resolve one.
    /// </summary>
    public IReadOnlyList<string> RelocatedSymbolsOfVersion(ushort versionIndex)
    {
        var versym = _sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
        var dynsymIndex = Array.FindIndex(_sections, s => s.Type == ShtDynsym);
        if (versym is null || dynsymIndex < 0) return [];
        var dynsym = _sections[dynsymIndex];
        var symbolCount = (int)(versym.Size / 2);
        var bound = new HashSet<int>();
        for (var i = 0; i < symbolCount; i++)
            if ((U16(versym.Offset + 2L * i) & 0x7fff) == versionIndex) bound.Add(i);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var rel in _sections.Where(s => (s.Type is ShtRela or ShtRel) && s.Link == dynsymIndex))
        {
            var entry = rel.EntrySize > 0 ? rel.EntrySize : rel.Type == ShtRela ? 24 : 16;
            for (var at = rel.Offset; at + entry <= rel.Offset + rel.Size; at += entry)
            {
                var symbol = (int)(U64(at + 8) >> 32);
                if (bound.Contains(symbol))
                    names.Add(Str(_sections[dynsym.Link], U32((int)(dynsym.Offset + 24L * symbol))));
            }
        }
        return names.ToList();
    }

    private List<ElfVersionNeed> ReadNeeds()
    {
        var needs = new List<ElfVersionNeed>();
        foreach (var sec in _sections.Where(s => s.Type == ShtGnuVerneed))
        {
            var strtab = _sections[sec.Link];
            var at = sec.Offset;
            for (var n = 0; n < sec.Info; n++)
            {
                int count = U16(at + 2);
                var file = Str(strtab, U32(at + 4));
                var aux = at + U32(at + 8);
                for (var j = 0; j < count; j++)
                {
                    var flags = U16(aux + 4);
                    needs.Add(new ElfVersionNeed(file, Str(strtab, U32(aux + 8)), (flags & VerFlagWeak) != 0, U16(aux + 6), aux + 4));
                    aux += U32(aux + 12);
                }
                var next = U32(at + 12);
                if (next == 0) break;
                at += next;
            }
        }
        return needs;
    }

    private HashSet<string> ReadDefinitions()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sec in _sections.Where(s => s.Type == ShtGnuVerdef))
        {
            var strtab = _sections[sec.Link];
            var at = sec.Offset;
            for (var n = 0; n < sec.Info; n++)
            {
                names.Add(Str(strtab, U32(at + U32(at + 12))));
                var next = U32(at + 16);
                if (next == 0) break;
                at += next;
            }
        }
        return names;
    }

    private string Str(Section strtab, uint offset)
    {
        var start = checked((int)(strtab.Offset + offset));
        var end = Array.IndexOf(_data, (byte)0, start);
        if (end < 0) throw new InvalidDataException($"{Path}: unterminated string at offset {start}.");
        return Encoding.ASCII.GetString(_data, start, end - start);
    }

    private ushort U16(long at) => BinaryPrimitives.ReadUInt16LittleEndian(Slice(at, 2));
    private uint U32(long at) => BinaryPrimitives.ReadUInt32LittleEndian(Slice(at, 4));
    private ulong U64(long at) => BinaryPrimitives.ReadUInt64LittleEndian(Slice(at, 8));

    private ReadOnlySpan<byte> Slice(long at, int length) =>
        at >= 0 && at + length <= _data.Length
            ? _data.AsSpan((int)at, length)
            : throw new InvalidDataException($"{Path}: truncated ELF file (offset {at} beyond {_data.Length} bytes).");

    private sealed record Section(uint Type, long Offset, long Size, uint Link, uint Info, long EntrySize);
}
