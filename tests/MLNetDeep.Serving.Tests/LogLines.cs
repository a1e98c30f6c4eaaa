namespace MLNetDeep.Serving.Tests;

using System.Text;

/// <summary>A log writer whose lines a test can wait for: each completed line is an event.</summary>
internal sealed class LogLines : TextWriter
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _partial = new();
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value != '\n')
            {
                _partial.Append(value);
                return;
            }

            string line = _partial.ToString().TrimEnd('\r');
            _partial.Clear();
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToArray())
            {
                waiter.Found.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>The first line (already written or still to come) that contains <paramref name="text"/>.</summary>
    public Task<string> WaitForAsync(string text)
    {
        lock (_gate)
        {
            if (_lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } seen)
            {
                return Task.FromResult(seen);
            }

            var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((l => l.Contains(text, StringComparison.Ordinal), found));
            return found.Task;
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return string.Join('\n', _lines);
        }
    }
}
