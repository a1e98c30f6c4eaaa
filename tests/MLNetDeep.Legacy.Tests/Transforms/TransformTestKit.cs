namespace MLNetDeep.Legacy.Tests.Transforms;

using System.Text.Json.Nodes;
using MLNetDeep.Legacy.Data;
using MLNetDeep.Legacy.Model;

/// <summary>Helpers for transform tests: reading columns, a view that counts reads, and a save/load round trip.</summary>
internal static class TransformTestKit
{
    /// <summary>Every value of a column, in row order (vectors copied).</summary>
    public static T[] Column<T>(IDataView view, string name)
    {
        DataViewSchema.Column c = view.Schema[name];
        using DataViewRowCursor cursor = view.GetRowCursor([c]);
        ValueGetter<T> g = cursor.GetGetter<T>(c);
        var list = new List<T>();
        while (cursor.MoveNext())
        {
            T v = default!;
            g(ref v);
            list.Add(v);
        }

        return list.ToArray();
    }

    /// <summary>
    /// Saves a transformer's state and tensors the way the model writer will, reads them back through JSON text and
    /// bytes, and loads the step through <see cref="TransformKinds.Loaders"/>.
    /// </summary>
    public static ITransformer SaveAndLoad(ITransformer transformer, DataViewSchema inputSchema)
    {
        var step = (IStepTransformer)transformer;
        var tensors = new TensorWriter();
        const string prefix = "steps/0/";
        var save = new ModelSaveContext(tensors, prefix);
        step.Save(save);
        string stateText = save.State.ToJsonString();
        string indexText = tensors.Index.ToJsonString();
        byte[] weights = tensors.ToArray();

        var load = new ModelLoadContext(
            $"step 0 ({step.Kind})",
            JsonNode.Parse(stateText)!.AsObject(),
            inputSchema,
            weights,
            JsonNode.Parse(indexText)!.AsObject(),
            prefix);
        Assert.IsTrue(TransformKinds.Loaders.TryGetValue(step.Kind, out var loader), $"kind {step.Kind} is registered");
        ITransformer loaded = loader(load);
        Assert.AreEqual(step.Kind, ((IStepTransformer)loaded).Kind);
        return loaded;
    }

    /// <summary>Asserts two views hold the same values in every visible column (NaN equal to NaN).</summary>
    public static void AssertSameData(IDataView expected, IDataView actual)
    {
        CollectionAssert.AreEqual(expected.Schema.VisibleNames.ToArray(), actual.Schema.VisibleNames.ToArray());
        foreach (string name in expected.Schema.VisibleNames)
        {
            Assert.AreEqual(expected.Schema[name].Type, actual.Schema[name].Type, name);
            string[] a = AsText(expected, name);
            string[] b = AsText(actual, name);
            CollectionAssert.AreEqual(a, b, $"column {name}");
        }
    }

    /// <summary>A column's values as invariant text (vectors comma-joined), for comparisons.</summary>
    public static string[] AsText(IDataView view, string name)
    {
        DataViewType t = view.Schema[name].Type;
        return t.RawType == typeof(float) ? Column<float>(view, name).Select(x => x.ToString("R")).ToArray()
            : t.RawType == typeof(double) ? Column<double>(view, name).Select(x => x.ToString("R")).ToArray()
            : t.RawType == typeof(int) ? Column<int>(view, name).Select(x => x.ToString()).ToArray()
            : t.RawType == typeof(long) ? Column<long>(view, name).Select(x => x.ToString()).ToArray()
            : t.RawType == typeof(bool) ? Column<bool>(view, name).Select(x => x.ToString()).ToArray()
            : t.RawType == typeof(string) ? Column<string>(view, name)
            : t.RawType == typeof(uint) ? Column<uint>(view, name).Select(x => x.ToString()).ToArray()
            : Column<float[]>(view, name).Select(v => string.Join(",", v.Select(x => x.ToString("R")))).ToArray();
    }
}
