namespace MLNetDeep.Serving.Tests;

using System.Net;
using System.Text;

/// <summary>
/// A request body sent slowly (chunked): a JSON row without its closing brace, then 256 spaces every 50 ms (well above
/// Kestrel's minimum data rate) until <see cref="Finish"/> is called, then the brace. An upload in flight for as long as a
/// test needs.
/// </summary>
internal sealed class TrickleContent : HttpContent
{
    private readonly string _row;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finish = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="row">One JSON object ending in its closing brace.</param>
    public TrickleContent(string row)
    {
        _row = row.TrimEnd();
        Headers.ContentType = new("application/json");
    }

    /// <summary>Completes once the first bytes are on the wire.</summary>
    public Task Started => _started.Task;

    /// <summary>Sends the rest of the body.</summary>
    public void Finish() => _finish.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(_row[..^1]));
        await stream.FlushAsync();
        _started.TrySetResult();
        byte[] padding = Encoding.ASCII.GetBytes(new string(' ', 256));
        while (!_finish.Task.IsCompleted)
        {
            await stream.WriteAsync(padding);
            await stream.FlushAsync();
            await Task.WhenAny(_finish.Task, Task.Delay(50)); // the upload's pace, not a synchronization
        }

        await stream.WriteAsync("}"u8.ToArray());
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
