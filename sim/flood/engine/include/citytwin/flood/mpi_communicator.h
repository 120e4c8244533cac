#pragma once
/// @file mpi_communicator.h
/// The distributed flood solver's Communicator (distributed.h) over MPI, and the MPI session of a program.
/// Built only with CITYTWIN_WITH_MPI, in the library citytwin_flood_mpi (sim/flood/mpi/); no MPI types in
/// this header, so that callers need not see mpi.h.

#include <memory>
#include <string>

#include "citytwin/flood/distributed.h"

namespace citytwin::flood {

/// True when this process was started by an MPI launcher (Open MPI's mpirun/mpiexec, MPICH's Hydra, or
/// Slurm's srun with PMI/PMIx): MPI may then be initialised. A program started on its own does not initialise
/// MPI (Open MPI's singleton start forks a daemon, which is slow and fails in some containers).
bool launchedByMpi();

/// MPI_Init_thread (MPI_THREAD_MULTIPLE requested) for its lifetime and MPI_Finalize at the end; does nothing
/// when MPI is already initialised by someone else. One per process.
class MpiSession {
public:
    MpiSession(int* argc, char*** argv);
    ~MpiSession();
    MpiSession(const MpiSession&) = delete;
    MpiSession& operator=(const MpiSession&) = delete;
    int rank() const { return rank_; }
    int size() const { return size_; }
    /// The thread level MPI provided (MPI_THREAD_SINGLE = 0 ... MPI_THREAD_MULTIPLE = 3).
    int threadLevel() const { return threadLevel_; }
    /// Ends every rank of the job (MPI_Abort): for a rank that failed while the others wait in a collective.
    [[noreturn]] static void abortAll(int code);

private:
    bool owner_ = false;
    int rank_ = 0;
    int size_ = 1;
    int threadLevel_ = 0;
};

/// A Communicator over a duplicate of MPI_COMM_WORLD (the solver's messages never mix with the program's).
/// Requires an MpiSession. Failures of MPI calls throw core::Error(ErrorCode::Simulation).
std::unique_ptr<Communicator> worldCommunicator();

/// The MPI library's version string (MPI_Get_library_version), for logs and manifests.
std::string mpiLibraryVersion();

}  // namespace citytwin::flood
