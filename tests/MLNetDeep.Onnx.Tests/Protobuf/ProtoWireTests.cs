namespace MLNetDeep.Onnx.Tests.Protobuf;

using Google.Protobuf;
using WireType = Google.Protobuf.WireFormat.WireType;

/// <summary>
/// The tests' <see cref="ProtoWriter"/>, which builds the hostile models, writes what Google.Protobuf's reader reads back
/// (every varint width, negative int64 in ten bytes, floats, UTF-8 strings, the largest field number) and protobuf's
/// published encodings.
/// </summary>
[TestClass]
public sealed class ProtoWireTests
{
    [TestMethod]
    public void Values_round_trip()
    {
        long[] integers = [0, 1, 127, 128, 150, 300, 16_383, 16_384, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue, -1];
        var w = new ProtoWriter();
        foreach (long value in integers)
        {
            w.WriteInt64(1, value);
        }

        w.WriteFloat(2, -1.5f);
        w.WriteString(3, "Features \u00e9\u4e2d\U0001F600");
        w.WriteBytes(536_870_911, [1, 2, 3]);

        var r = new CodedInputStream(w.ToArray());
        foreach (long value in integers)
        {
            uint tag = r.ReadTag();
            Assert.AreEqual((1, WireType.Varint), (WireFormat.GetTagFieldNumber(tag), WireFormat.GetTagWireType(tag)));
            Assert.AreEqual(value, r.ReadInt64());
        }

        uint t2 = r.ReadTag();
        Assert.AreEqual((2, WireType.Fixed32), (WireFormat.GetTagFieldNumber(t2), WireFormat.GetTagWireType(t2)));
        Assert.AreEqual(-1.5f, r.ReadFloat());
        Assert.AreNotEqual(0u, r.ReadTag());
        Assert.AreEqual("Features \u00e9\u4e2d\U0001F600", r.ReadString());
        Assert.AreEqual(536_870_911, WireFormat.GetTagFieldNumber(r.ReadTag()));
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, r.ReadBytes().ToByteArray());
        Assert.AreEqual(0u, r.ReadTag(), "no field left");
        Assert.IsTrue(r.IsAtEnd);
    }

    [TestMethod]
    public void Encodings_are_protobufs()
    {
        // From the protobuf encoding guide: field 1 = 150 is 08 96 01; field 2 = "testing" is 12 07 74 65 73 74 69 6e 67.
        var w = new ProtoWriter();
        w.WriteInt64(1, 150);
        w.WriteString(2, "testing");
        CollectionAssert.AreEqual(Convert.FromHexString("089601120774657374696E67"), w.ToArray());

        var negative = new ProtoWriter();
        negative.WriteInt64(1, -2);
        CollectionAssert.AreEqual(Convert.FromHexString("08FEFFFFFFFFFFFFFFFF01"), negative.ToArray(), "a negative int64 is ten bytes");

        var floats = new ProtoWriter();
        floats.WriteFloatsAsBytes(9, [1f, -2f]);
        CollectionAssert.AreEqual(Convert.FromHexString("4A080000803F000000C0"), floats.ToArray(), "raw_data: little-endian float32");
    }
}
