namespace MLNetDeep.Serving.Models;

using System.Text;
using Microsoft.ML;

/// <summary>Names a fitted pipeline's transformers, nested chains flattened, generic types written C#-style without namespaces.</summary>
internal static class PipelineSteps
{
    public static IReadOnlyList<string> Describe(ITransformer model)
    {
        var steps = new List<string>();
        Add(model, steps);
        return steps;
    }

    private static void Add(ITransformer transformer, List<string> steps)
    {
        if (transformer is IEnumerable<ITransformer> chain)
        {
            foreach (ITransformer step in chain)
            {
                Add(step, steps);
            }

            return;
        }

        steps.Add(Name(transformer.GetType()));
    }

    private static string Name(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var text = new StringBuilder(type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]);
        text.Append('<').AppendJoin(", ", type.GetGenericArguments().Select(Name)).Append('>');
        return text.ToString();
    }
}
