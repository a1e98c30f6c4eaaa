namespace MLNetDeep.Onnx.Tests.Reading;

using MLNetDeep.Neural.Layers;
using MLNetDeep.Neural.Numerics;
using MLNetDeep.Onnx.Tests.Protobuf;
using WireType = Google.Protobuf.WireFormat.WireType;

/// <summary>
/// The reader on hostile input: every truncation and thousands of random byte flips of a real model either read or
/// throw <see cref="InvalidDataException"/> (nothing else), allocating at most a bounded multiple of the input; crafted
/// models that lie about lengths, sizes, nesting or counts are refused with a message naming the offset, field and value.
/// </summary>
[TestClass]
public sealed class HostileInputTests
{
    /// <summary>Allocation allowed per read: this many bytes per input byte, plus <see cref="AllocationSlack"/>.</summary>
    private const long AllocationPerByte = 64;
    private const long AllocationSlack = 256 * 1024;

    public TestContext TestContext { get; set; } = null!;

    /// <summary>
    /// Reads a model before any test measures allocations: the first read in a process has Google.Protobuf build
    /// onnx.proto's descriptors, about 0.5 MB once per process, which no read allocates again (without this, the bounds
    /// below held or failed depending on which test ran first).
    /// </summary>
    [ClassInitialize]
    public static void BuildTheSchemaOnce(TestContext context) => _ = OnnxModelReader.Read(SampleModel());

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    [DataRow("exported")]
    [DataRow("foreign")]
    public void Every_truncation_reads_or_throws_InvalidDataException(string kind)
    {
        byte[] model = kind == "exported" ? SampleModel() : ForeignModel();
        int read = 0, refused = 0;
        for (int length = 0; length < model.Length; length++)
        {
            if (TryRead(model.AsSpan(0, length).ToArray(), $"{kind} truncated to {length} bytes"))
            {
                read++;
            }
            else
            {
                refused++;
            }
        }

        TestContext.WriteLine($"{kind}: {model.Length} truncations: {read} read (a prefix ending on a field boundary is a valid message), {refused} refused");
        Assert.IsGreaterThan(model.Length / 2, refused, "most truncations are refused");
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    [DataRow("exported")]
    [DataRow("foreign")]
    public void Random_byte_flips_read_or_throw_InvalidDataException(string kind)
    {
        byte[] model = kind == "exported" ? SampleModel() : ForeignModel();
        var rng = new Rng(20261207);
        int read = 0, refused = 0;
        for (int trial = 0; trial < 20000; trial++)
        {
            byte[] mutated = (byte[])model.Clone();
            int flips = 1 + rng.NextInt(8);
            for (int f = 0; f < flips; f++)
            {
                int at = rng.NextInt(mutated.Length);
                // Half the time a random byte, else a value that makes varints long or lengths huge.
                mutated[at] = rng.NextInt(2) == 0 ? (byte)rng.NextInt(256) : (byte)(0x80 | rng.NextInt(128));
            }

            if (TryRead(mutated, $"{kind} trial {trial}"))
            {
                read++;
            }
            else
            {
                refused++;
            }
        }

        TestContext.WriteLine($"{kind}: 20000 mutated models: {read} read, {refused} refused");
        Assert.IsGreaterThan(0, refused);
    }

    [TestMethod]
    public void A_length_past_the_end_is_refused_with_its_offset()
    {
        var w = new ProtoWriter();
        w.WriteInt64(1, 8);
        w.WriteTag(7, WireType.LengthDelimited);
        w.WriteVarint(1UL << 62);
        InvalidDataException e = Refused(w.ToArray());
        StringAssert.Contains(e.Message, "byte offset 3, ModelProto.graph: length 4611686018427387904 runs past the end of the message (0 bytes left)");
    }

    [TestMethod]
    public void An_overlong_varint_is_refused()
    {
        byte[] bytes = [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        StringAssert.Contains(Refused(bytes).Message, "ModelProto.ir_version: the varint");
    }

    [TestMethod]
    public void Groups_and_wrong_wire_types_are_refused()
    {
        StringAssert.Contains(Refused([0x0B]).Message, "wire type 3 (a group) is not used by ONNX");
        var w = new ProtoWriter();
        w.WriteString(1, "ir_version as a string");
        StringAssert.Contains(Refused(w.ToArray()).Message, "ModelProto.ir_version: wire type 2 (LengthDelimited) where the schema says 0 (Varint)");
        StringAssert.Contains(Refused([0x00]).Message, "field number 0");
    }

    [TestMethod]
    public void A_tensor_declaring_more_elements_than_its_data_is_refused_without_allocating_them()
    {
        byte[] model = ModelWithInitializer(t =>
        {
            t.WriteInt64(1, 1_000_000);
            t.WriteInt64(1, 1_000);
            t.WriteInt64(2, (long)OnnxTensorElementType.Float);
            t.WriteString(8, "huge");
            t.WriteFloatsAsBytes(9, [1f]);
        });
        long before = GC.GetAllocatedBytesForCurrentThread();
        InvalidDataException e = Refused(model);
        Assert.IsLessThan(AllocationSlack, GC.GetAllocatedBytesForCurrentThread() - before, "bytes allocated");
        StringAssert.Contains(e.Message, "TensorProto 'huge': dims [1000000, 1000] of Float need 4000000000 bytes of raw_data; it holds 4");
    }

    [TestMethod]
    public void Dims_whose_product_overflows_are_refused()
    {
        byte[] model = ModelWithInitializer(t =>
        {
            t.WriteInt64(1, 1L << 40);
            t.WriteInt64(1, 1L << 40);
            t.WriteInt64(2, (long)OnnxTensorElementType.Float);
            t.WriteString(8, "overflow");
        });
        StringAssert.Contains(Refused(model).Message, "dims [1099511627776, 1099511627776] declare more than MaxTensorElements = 2147483647 elements");

        byte[] negative = ModelWithInitializer(t => t.WriteInt64(1, -5));
        StringAssert.Contains(Refused(negative).Message, "TensorProto.dims: dimension -5 is negative");
    }

    [TestMethod]
    public void Typed_data_must_match_the_dims_and_the_type()
    {
        byte[] short_ = ModelWithInitializer(t =>
        {
            t.WriteInt64(1, 3);
            t.WriteInt64(2, (long)OnnxTensorElementType.Int64);
            t.WriteString(8, "ints");
            t.WriteInt64(7, 1);
            t.WriteInt64(7, 2);
        });
        StringAssert.Contains(Refused(short_).Message, "dims [3] declare 3 elements (3 int64_data values); int64_data holds 2");

        byte[] wrongField = ModelWithInitializer(t =>
        {
            t.WriteInt64(1, 1);
            t.WriteInt64(2, (long)OnnxTensorElementType.Float);
            t.WriteInt64(7, 1);
        });
        StringAssert.Contains(Refused(wrongField).Message, "a Float tensor keeps its values in float_data, but other typed data fields hold 1 values");

        byte[] unknownType = ModelWithInitializer(t => t.WriteInt64(2, 99));
        StringAssert.Contains(Refused(unknownType).Message, "data_type 99 is not a known tensor element type");
    }

    [TestMethod]
    public void Nesting_past_the_limit_is_refused()
    {
        // A graph input whose type is seq(seq(seq(... 200 deep.
        byte[] type = [];
        for (int i = 0; i < 200; i++)
        {
            var sequence = new ProtoWriter();
            sequence.WriteBytes(1, type); // Sequence.elem_type = the TypeProto so far
            var typeProto = new ProtoWriter();
            typeProto.WriteBytes(4, sequence.WrittenSpan); // TypeProto.sequence_type
            type = typeProto.ToArray();
        }

        byte[] model = Model(g =>
        {
            g.WriteString(2, "deep");
            g.WriteMessage(11, v =>
            {
                v.WriteString(1, "x");
                v.WriteBytes(2, type);
            });
        });
        StringAssert.Contains(Refused(model).Message, "messages nest deeper than MaxNestingDepth = 32");
        OnnxModelInfo shallow = OnnxModelReader.Read(model, new OnnxReaderLimits { MaxNestingDepth = 500 });
        Assert.StartsWith("seq(seq(seq(", shallow.Inputs[0].Type);
    }

    [TestMethod]
    public void Counts_past_the_item_budget_are_refused()
    {
        byte[] model = Model(g =>
        {
            for (int i = 0; i < 50; i++)
            {
                g.WriteMessage(1, n => n.WriteString(4, "Relu"));
            }
        });
        Assert.HasCount(50, OnnxModelReader.Read(model).Nodes);
        StringAssert.Contains(Refused(model, new OnnxReaderLimits { MaxItems = 20 }).Message, "GraphProto.node: the model holds more than MaxItems = 20 items");
    }

    [TestMethod]
    public void What_is_parsed_but_not_described_is_charged_before_it_is_parsed()
    {
        // Google.Protobuf materializes every message and every list value, described or not: value_info entries, a
        // subgraph's nodes and a tensor's typed data (50,000 int64 values in 50,000 bytes would be 400 KB of longs).
        byte[] valueInfos = Model(g =>
        {
            for (int i = 0; i < 50; i++)
            {
                g.WriteMessage(13, v => v.WriteString(1, "v"));
            }
        });
        byte[] subgraph = Model(g => g.WriteMessage(1, n => n.WriteMessage(5, a =>
        {
            a.WriteString(1, "body");
            a.WriteMessage(6, body =>
            {
                for (int i = 0; i < 50; i++)
                {
                    body.WriteMessage(1, inner => inner.WriteString(4, "Relu"));
                }
            });
        })));
        byte[] typedData = ModelWithInitializer(t =>
        {
            t.WriteInt64(1, 50_000);
            t.WriteInt64(2, (long)OnnxTensorElementType.Int64);
            t.WriteBytes(7, new byte[50_000]);
        });
        var limits = new OnnxReaderLimits { MaxItems = 20 };
        StringAssert.Contains(Refused(valueInfos, limits).Message, "GraphProto.value_info: the model holds more than MaxItems = 20 items");
        StringAssert.Contains(Refused(subgraph, limits).Message, "GraphProto.node: the model holds more than MaxItems = 20 items");
        StringAssert.Contains(Refused(typedData, new OnnxReaderLimits { MaxItems = 49_999 }).Message, "TensorProto.int64_data: the model holds more than MaxItems = 49999 items");
        Assert.AreEqual(50_000, OnnxModelReader.Read(typedData).Initializers.Single().ToInt64Array().Length);
        Assert.IsEmpty(OnnxModelReader.Read(valueInfos).Inputs, "value_info is not described");
    }

    [TestMethod]
    public void A_oneof_message_given_twice_in_a_row_is_refused()
    {
        // Google.Protobuf merges a repeated oneof message by copying the first into the second: a 64-dim tensor type
        // followed by thousands of 2-byte tensor_type fields would cost a copy of the dims per 2 bytes.
        byte[] model = Model(g => g.WriteMessage(11, v =>
        {
            v.WriteString(1, "x");
            v.WriteMessage(2, type =>
            {
                type.WriteMessage(1, tensor => tensor.WriteMessage(2, shape =>
                {
                    for (int i = 0; i < 64; i++)
                    {
                        shape.WriteMessage(1, d => d.WriteInt64(1, 1));
                    }
                }));
                for (int i = 0; i < 10_000; i++)
                {
                    type.WriteMessage(1, _ => { });
                }
            });
        }));
        StringAssert.Contains(Refused(model).Message, "TypeProto.tensor_type: the oneof 'value' is given a tensor_type message twice in a row");
    }

    [TestMethod]
    public void Oversized_input_is_refused_before_it_is_copied()
    {
        var limits = new OnnxReaderLimits { MaxModelBytes = 1000 };
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => OnnxModelReader.Read(new byte[1001], limits)).Message, "1001 bytes; MaxModelBytes is 1000");
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.ThrowsExactly<InvalidDataException>(() => OnnxModelReader.Read(new HugeStream(), limits));
        Assert.ThrowsExactly<InvalidDataException>(() => OnnxModelReader.Read(new NonSeekableStream(new byte[5000]), limits));
        Assert.IsLessThan(AllocationSlack, GC.GetAllocatedBytesForCurrentThread() - before, "bytes allocated");
    }

    [TestMethod]
    public void Invalid_utf8_names_and_repeated_metadata_keys_are_refused()
    {
        var w = new ProtoWriter();
        w.WriteBytes(2, [0x66, 0xFF, 0x66]);
        StringAssert.Contains(Refused(w.ToArray()).Message, "ModelProto.producer_name: the string is not valid UTF-8");

        byte[] model = Model(g => g.WriteString(2, "g"), m =>
        {
            for (int i = 0; i < 2; i++)
            {
                m.WriteMessage(14, e =>
                {
                    e.WriteString(1, "k");
                    e.WriteString(2, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                });
            }
        });
        StringAssert.Contains(Refused(model).Message, "the key 'k' appears twice");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => OnnxModelReader.ReadMetadata(model)).Message, "appears twice");
        StringAssert.Contains(Refused([0x08, 0x08]).Message, "the model has no graph");
    }

    /// <summary>Reads <paramref name="bytes"/> (and, when that works, every tensor's values and the metadata alone): true if read, false if refused with InvalidDataException; anything else fails the test.</summary>
    private static bool TryRead(byte[] bytes, string what)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool ok;
        try
        {
            OnnxModelInfo info = OnnxModelReader.Read(bytes);
            foreach (OnnxTensorInfo tensor in info.Initializers.Where(t => !t.IsExternal))
            {
                _ = tensor.ElementType switch
                {
                    OnnxTensorElementType.Float => tensor.ToSingleArray().Length,
                    OnnxTensorElementType.Int64 => tensor.ToInt64Array().Length,
                    OnnxTensorElementType.String => tensor.ToStringArray().Length,
                    _ => 0,
                };
            }

            _ = OnnxModelReader.ReadMetadata(bytes);
            ok = true;
        }
        catch (InvalidDataException e)
        {
            StringAssert.StartsWith(e.Message, "Invalid ONNX model at byte offset ", what);
            ok = false;
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name} instead of InvalidDataException: {e}");
            throw;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.IsLessThanOrEqualTo((AllocationPerByte * bytes.Length) + AllocationSlack, allocated, $"{what}: bytes allocated for a {bytes.Length}-byte input");
        return ok;
    }

    private static InvalidDataException Refused(byte[] bytes, OnnxReaderLimits? limits = null) =>
        Assert.ThrowsExactly<InvalidDataException>(() => OnnxModelReader.Read(bytes, limits));

    /// <summary>A small exported model with every kind of content: folded and explicit batch norm, slot names, record, metadata.</summary>
    private static byte[] SampleModel()
    {
        var network = new Network(3, [new Dense(4), new BatchNorm(), new LeakyRelu(0.1f), new BatchNorm(), new Dense(3)]);
        network.Initialize(1);
        return OnnxExport.ToOnnx(network, new OnnxExportOptions
        {
            Head = OnnxHead.Multiclass,
            ScoreSlotNames = ["a", "b", "c"],
            TrainingRecord = """{"epochs":3}""",
            MetadataProps = new Dictionary<string, string> { ["k"] = "v" },
        });
    }

    /// <summary>
    /// A model in the shapes other producers use and the exporter does not: packed float_data, int64_data, double_data
    /// and string_data tensors, a Constant node with a TENSOR attribute, packed INTS and FLOATS, a STRING attribute, a
    /// subgraph attribute (skipped), seq/map/optional types, a dimension with neither value nor name.
    /// </summary>
    internal static byte[] ForeignModel()
    {
        var w = new ProtoWriter();
        w.WriteInt64(1, 7);
        w.WriteString(2, "foreign");
        w.WriteMessage(7, g =>
        {
            g.WriteMessage(1, n =>
            {
                n.WriteString(2, "c");
                n.WriteString(4, "Constant");
                n.WriteMessage(5, a =>
                {
                    a.WriteString(1, "value");
                    a.WriteMessage(5, t =>
                    {
                        t.WriteInt64(1, 2);
                        t.WriteInt64(2, (long)OnnxTensorElementType.Float);
                        t.WriteBytes(4, [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40]); // packed float_data [1, 2]
                    });
                    a.WriteInt64(20, (long)OnnxAttributeType.Tensor);
                });
            });
            g.WriteMessage(1, n =>
            {
                n.WriteString(1, "c");
                n.WriteString(1, "");
                n.WriteString(2, "y");
                n.WriteString(3, "custom");
                n.WriteString(4, "Custom");
                n.WriteString(7, "com.example");
                n.WriteMessage(5, a =>
                {
                    a.WriteString(1, "ints");
                    a.WriteBytes(8, [1, 2, 0x96, 0x01]); // packed [1, 2, 150]
                });
                n.WriteMessage(5, a =>
                {
                    a.WriteString(1, "floats");
                    a.WriteBytes(7, [0, 0, 0x80, 0x3F]);
                    a.WriteFloat(7, 2f);
                });
                n.WriteMessage(5, a =>
                {
                    a.WriteString(1, "mode");
                    a.WriteBytes(4, "constant"u8);
                    a.WriteInt64(20, (long)OnnxAttributeType.String);
                });
                n.WriteMessage(5, a =>
                {
                    a.WriteString(1, "body");
                    a.WriteMessage(6, sub => sub.WriteString(2, "subgraph"));
                    a.WriteInt64(20, (long)OnnxAttributeType.Graph);
                });
            });
            g.WriteString(2, "foreign graph");
            g.WriteMessage(5, t =>
            {
                t.WriteInt64(1, 3);
                t.WriteInt64(2, (long)OnnxTensorElementType.Int64);
                t.WriteString(8, "i64");
                t.WriteBytes(7, [1, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]); // packed [1, 127, -1]
            });
            g.WriteMessage(5, t =>
            {
                t.WriteInt64(2, (long)OnnxTensorElementType.Double);
                t.WriteString(8, "scalar");
                t.WriteBytes(10, new byte[8]);
            });
            g.WriteMessage(5, t =>
            {
                t.WriteBytes(1, [2]); // packed dims [2]
                t.WriteInt64(2, (long)OnnxTensorElementType.String);
                t.WriteBytes(6, "ab"u8);
                t.WriteBytes(6, [0xFF]);
                t.WriteString(8, "strings");
            });
            g.WriteMessage(5, t =>
            {
                t.WriteInt64(1, 1_000_000_000);
                t.WriteInt64(2, (long)OnnxTensorElementType.Float);
                t.WriteString(8, "external");
                t.WriteMessage(13, e =>
                {
                    e.WriteString(1, "location");
                    e.WriteString(2, "weights.bin");
                });
                t.WriteInt64(14, 1);
            });
            g.WriteMessage(11, v =>
            {
                v.WriteString(1, "x");
                v.WriteMessage(2, type => type.WriteMessage(1, tensor =>
                {
                    tensor.WriteInt64(1, (long)OnnxTensorElementType.Float);
                    tensor.WriteMessage(2, shape =>
                    {
                        shape.WriteMessage(1, d => d.WriteString(2, "batch"));
                        shape.WriteMessage(1, d => { });
                        shape.WriteMessage(1, d => d.WriteInt64(1, 4));
                    });
                }));
            });
            g.WriteMessage(12, v =>
            {
                v.WriteString(1, "y");
                v.WriteMessage(2, type => type.WriteMessage(4, sequence => sequence.WriteMessage(1, inner => inner.WriteMessage(5, map =>
                {
                    map.WriteInt64(1, (long)OnnxTensorElementType.Int64);
                    map.WriteMessage(2, value => value.WriteMessage(9, optional => optional.WriteMessage(1, t => t.WriteMessage(1, tensor =>
                        tensor.WriteInt64(1, (long)OnnxTensorElementType.Float)))));
                }))));
            });
        });
        w.WriteMessage(8, o => o.WriteInt64(2, 13));
        w.WriteMessage(8, o =>
        {
            o.WriteString(1, "com.example");
            o.WriteInt64(2, 1);
        });
        w.WriteMessage(25, f => f.WriteString(1, "a function, skipped"));
        return w.ToArray();
    }

    private static byte[] Model(Action<ProtoWriter> graph, Action<ProtoWriter>? model = null)
    {
        var w = new ProtoWriter();
        w.WriteInt64(1, 8);
        w.WriteMessage(7, graph);
        model?.Invoke(w);
        return w.ToArray();
    }

    private static byte[] ModelWithInitializer(Action<ProtoWriter> tensor) => Model(g =>
    {
        g.WriteString(2, "g");
        g.WriteMessage(5, tensor);
    });

    /// <summary>A seekable stream that says it holds 10 GiB; reading it would be a bug.</summary>
    private sealed class HugeStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => 10L << 30;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("the reader must refuse the size before reading");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
