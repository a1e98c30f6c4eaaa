// Tests within a class run one after another; classes may run in parallel (the Chromium test uses its own temp folder).
[assembly: Parallelize(Scope = ExecutionScope.ClassLevel)]
