// IndexedDB for happy-dom: a real in-memory implementation, so the IndexedDB store runs for real.
import 'fake-indexeddb/auto'
