// Usage: MLNetDeep.ModelProbe <model.zip> <features.bin> <scores.txt>
//        MLNetDeep.ModelProbe make-compat <folder>   (writes the compatibility models; see CompatibilityModels)
//        MLNetDeep.ModelProbe parallel-fits          (four Fits at once on thread-pool threads; see ParallelFits)
// Loads an ML.NET model zip in a fresh process with a plain MLContext (never touching MLNetDeep's types: ML.NET must
// find the output mappings by itself) and writes ProbeScoring's lines for the rows of features.bin.
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetDeep.ModelProbe;

if (args is ["parallel-fits"])
{
    return ParallelFits.Run();
}

if (args is ["make-compat", string folder])
{
    CompatibilityModels.Write(folder);
    return 0;
}

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: MLNetDeep.ModelProbe <model.zip> <features.bin> <scores.txt>");
    return 2;
}

var ml = new MLContext(seed: 1);
ITransformer model = ml.Model.Load(args[0], out DataViewSchema inputSchema);
string featureColumn = inputSchema.First(c => c.Type is VectorDataViewType { ItemType: NumberDataViewType, IsKnownSize: true }).Name;
File.WriteAllLines(args[2], ProbeScoring.Score(ml, model, featureColumn, args[1]));
(model as IDisposable)?.Dispose();
return 0;
