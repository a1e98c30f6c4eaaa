namespace MLNetDeep.PipelineBench;

using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.Neural.Training;

/// <summary>Reads the IDX view's Features and Label into an engine example set (label = class index).</summary>
internal static class Images
{
    public static ExampleSet Read(IDataView view)
    {
        int n = checked((int)view.GetRowCount()!.Value);
        int f = ((VectorDataViewType)view.Schema["Features"].Type).Size;
        var x = new float[n * f];
        var y = new float[n];
        using DataViewRowCursor cursor = view.GetRowCursor(view.Schema);
        ValueGetter<VBuffer<float>> features = cursor.GetGetter<VBuffer<float>>(view.Schema["Features"]);
        ValueGetter<float> label = cursor.GetGetter<float>(view.Schema["Label"]);
        VBuffer<float> row = default;
        for (int i = 0; cursor.MoveNext(); i++)
        {
            features(ref row);
            row.CopyTo(x.AsSpan(i * f, f));
            label(ref y[i]);
        }

        return new ExampleSet(x, f, y);
    }
}
