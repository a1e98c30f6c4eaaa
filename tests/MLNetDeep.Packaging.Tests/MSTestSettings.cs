// The packaging tests share one packed folder and run one after another.
[assembly: DoNotParallelize]
