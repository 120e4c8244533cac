// The distributed flood solver's Communicator over MPI (mpi_communicator.h).

#include "citytwin/flood/mpi_communicator.h"

#include <mpi.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "citytwin/core/error.h"

namespace citytwin::flood {

namespace {

void check(int code, const char* what) {
    if (code == MPI_SUCCESS) return;
    char text[MPI_MAX_ERROR_STRING] = {};
    int length = 0;
    MPI_Error_string(code, text, &length);
    throw core::Error(core::ErrorCode::Simulation,
                      std::string("MPI: ") + what + " failed: " + std::string(text, length));
}

class MpiCommunicator : public Communicator {
public:
    MpiCommunicator() {
        check(MPI_Comm_dup(MPI_COMM_WORLD, &comm_), "MPI_Comm_dup");
        // Errors come back as codes (and become exceptions) instead of ending the job silently.
        MPI_Comm_set_errhandler(comm_, MPI_ERRORS_RETURN);
        MPI_Comm_rank(comm_, &rank_);
        MPI_Comm_size(comm_, &size_);
    }
    ~MpiCommunicator() override {
        int finalized = 0;
        MPI_Finalized(&finalized);
        if (!finalized) MPI_Comm_free(&comm_);
    }
    int rank() const override { return rank_; }
    int size() const override { return size_; }
    void maxAll(double* values, int count) override {
        check(MPI_Allreduce(MPI_IN_PLACE, values, count, MPI_DOUBLE, MPI_MAX, comm_), "MPI_Allreduce (max)");
    }
    void sumAll(double* values, int count) override {
        check(MPI_Allreduce(MPI_IN_PLACE, values, count, MPI_DOUBLE, MPI_SUM, comm_), "MPI_Allreduce (sum)");
    }
    std::vector<double> gatherAll(const std::vector<double>& mine) override {
        int n = static_cast<int>(mine.size());
        std::vector<int> counts(static_cast<std::size_t>(size_)), offsets(static_cast<std::size_t>(size_));
        check(MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, comm_), "MPI_Allgather");
        int total = 0;
        for (int i = 0; i < size_; ++i) {
            offsets[static_cast<std::size_t>(i)] = total;
            total += counts[static_cast<std::size_t>(i)];
        }
        std::vector<double> all(static_cast<std::size_t>(total));
        check(MPI_Allgatherv(mine.data(), n, MPI_DOUBLE, all.data(), counts.data(), offsets.data(),
                             MPI_DOUBLE, comm_),
              "MPI_Allgatherv");
        return all;
    }
    void send(int to, int tag, const std::vector<unsigned char>& bytes) override {
        check(MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, to, tag, comm_), "MPI_Send");
    }
    std::vector<unsigned char> receive(int from, int tag) override {
        MPI_Status status;
        check(MPI_Probe(from, tag, comm_, &status), "MPI_Probe");
        int n = 0;
        MPI_Get_count(&status, MPI_BYTE, &n);
        std::vector<unsigned char> bytes(static_cast<std::size_t>(n));
        check(MPI_Recv(bytes.data(), n, MPI_BYTE, from, tag, comm_, MPI_STATUS_IGNORE), "MPI_Recv");
        return bytes;
    }
    void exchangeNeighbours(const void* toUp, std::size_t toUpBytes, void* fromUp, std::size_t fromUpBytes,
                            const void* toDown, std::size_t toDownBytes, void* fromDown,
                            std::size_t fromDownBytes) override {
        MPI_Request requests[4];
        int n = 0;
        const int up = rank_ - 1;
        const int down = rank_ + 1;
        constexpr int kTagUp = 201;    // travelling to the rank above
        constexpr int kTagDown = 202;  // travelling to the rank below
        if (up >= 0) {
            check(MPI_Irecv(fromUp, static_cast<int>(fromUpBytes), MPI_BYTE, up, kTagDown, comm_,
                            &requests[n++]),
                  "MPI_Irecv");
            check(MPI_Isend(toUp, static_cast<int>(toUpBytes), MPI_BYTE, up, kTagUp, comm_, &requests[n++]),
                  "MPI_Isend");
        }
        if (down < size_) {
            check(MPI_Irecv(fromDown, static_cast<int>(fromDownBytes), MPI_BYTE, down, kTagUp, comm_,
                            &requests[n++]),
                  "MPI_Irecv");
            check(MPI_Isend(toDown, static_cast<int>(toDownBytes), MPI_BYTE, down, kTagDown, comm_,
                            &requests[n++]),
                  "MPI_Isend");
        }
        check(MPI_Waitall(n, requests, MPI_STATUSES_IGNORE), "MPI_Waitall");
    }

private:
    MPI_Comm comm_ = MPI_COMM_NULL;
    int rank_ = 0;
    int size_ = 1;
};

}  // namespace

bool launchedByMpi() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "PMI_RANK", "MPI_LOCALNRANKS"})
        if (std::getenv(name)) return true;
    return false;
}

MpiSession::MpiSession(int* argc, char*** argv) {
    int initialised = 0;
    MPI_Initialized(&initialised);
    if (!initialised) {
        check(MPI_Init_thread(argc, argv, MPI_THREAD_MULTIPLE, &threadLevel_), "MPI_Init_thread");
        owner_ = true;
    } else {
        MPI_Query_thread(&threadLevel_);
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (owner_ && !finalized) MPI_Finalize();
}

void MpiSession::abortAll(int code) {
    MPI_Abort(MPI_COMM_WORLD, code);
    std::_Exit(code);
}

std::unique_ptr<Communicator> worldCommunicator() {
    return std::make_unique<MpiCommunicator>();
}

std::string mpiLibraryVersion() {
    char text[MPI_MAX_LIBRARY_VERSION_STRING] = {};
    int length = 0;
    MPI_Get_library_version(text, &length);
    std::string v(text, static_cast<std::size_t>(length));
    const auto end = v.find_first_of("\n,");
    return end == std::string::npos ? v : v.substr(0, end);
}

}  // namespace citytwin::flood
