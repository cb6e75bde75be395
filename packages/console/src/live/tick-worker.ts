// Runs in a dedicated worker: posts a tick every N ms (N is the first message). Browsers throttle
// timers in background tabs down to one a minute, which would let the server think the console
// was closed; a worker's timer and its messages are not throttled that way.
let timer: ReturnType<typeof setInterval> | undefined;

self.onmessage = (event: MessageEvent<number>) => {
  clearInterval(timer);
  timer = setInterval(() => self.postMessage('tick'), event.data);
};
