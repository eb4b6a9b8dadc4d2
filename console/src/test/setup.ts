import '@testing-library/jest-dom';

// antd reads these browser APIs that jsdom lacks (a test under `@jest-environment node` has no window at all:
// the transport's, against a real HTTP server).
if (typeof window !== 'undefined')
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
