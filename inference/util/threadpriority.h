#pragma once
// Lowering the CPU priority of the threads that run inference, so that an interface sharing the
// same cores is scheduled first (Linux: the per-thread nice value; elsewhere nothing happens).

namespace mammolens::inference {

/// Sets the calling thread's nice value to `nice` (0-19; higher yields more). Returns false when
/// the system refused or has no per-thread priority. One-way for an unprivileged process: a
/// thread cannot be given its priority back, so call it only on threads that run inference.
bool lowerThisThreadPriority(int nice);

/// The calling thread's nice value, or 0 where there is none (for tests).
int thisThreadNice();

} // namespace mammolens::inference
