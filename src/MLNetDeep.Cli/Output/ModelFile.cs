namespace MLNetDeep.Cli.Output;

using System.Text.Json.Nodes;
using Microsoft.ML;
using MLNetDeep.Cli.Data;

/// <summary>Saves a model as an ML.NET model zip (<c>ml.Model.Save</c>) with the run record beside it, atomically.</summary>
internal static class ModelFile
{
    public static void Save(MLContext ml, ITransformer model, DataViewSchema inputSchema, string path, JsonObject run) =>
        AtomicFile.Write(path, temp =>
        {
            ml.Model.Save(model, inputSchema, temp);
            RunRecord.Append(temp, run);
        });
}
