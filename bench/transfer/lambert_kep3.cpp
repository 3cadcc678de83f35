// Times pykep's C++ Lambert solver, kep3::lambert_problem, on the same cases as
// `bench_transfer lambert` (bench/transfer/compare.py builds and runs both).
//
// The pykep 3.0.1 wheel ships the compiled kep3 library
// (site-packages/pykep.libs/libkep3-*.so.3.0.1) but no headers, and PyPI has no
// pykep 3 source distribution. So the class is declared here from the symbols
// the library exports (`nm -DC`): the constructor and the getters. The object
// lives in an opaque block larger than the real one; the constructor fills it
// with its real layout. The implicit destructor is inline in kep3's header (not
// exported), so the heap members it would free (the vectors that get_v0,
// get_v1, get_x, get_iters return) are destroyed through those references.
//
//   g++ -O3 -std=c++17 lambert_kep3.cpp -o lambert_kep3 \
//       path/to/libkep3-*.so.3.0.1 -Wl,-rpath,path/to/pykep.libs
//   ./lambert_kep3 CASES.csv OUT.csv
// CASES.csv: r1x,r1y,r1z,r2x,r2y,r2z,tof,mu per line. Solves each case with
// zero revolutions, prograde (cw = false); repeats the whole list for about a
// second; prints `solves_per_s N`; writes v1,v2 per case to OUT.csv.
#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <vector>

namespace kep3 {
class lambert_problem {
public:
    lambert_problem(const std::array<double, 3> &r0, const std::array<double, 3> &r1, double tof, double mu,
                    bool cw, unsigned multi_revs);
    const std::vector<std::array<double, 3>> &get_v0() const;
    const std::vector<std::array<double, 3>> &get_v1() const;
    const std::vector<double> &get_x() const;
    const std::vector<unsigned> &get_iters() const;

private:
    alignas(64) unsigned char opaque_[4096];
};
} // namespace kep3

struct Case {
    std::array<double, 3> r1, r2;
    double tof, mu;
};

// Solves one case in place in `buf`, copies the velocities out, frees the object's vectors.
static inline void solve(const Case &c, void *buf, std::array<double, 3> &v1, std::array<double, 3> &v2) {
    auto *lp = new (buf) kep3::lambert_problem(c.r1, c.r2, c.tof, c.mu, false, 0);
    v1 = lp->get_v0()[0];
    v2 = lp->get_v1()[0];
    std::destroy_at(const_cast<std::vector<std::array<double, 3>> *>(&lp->get_v0()));
    std::destroy_at(const_cast<std::vector<std::array<double, 3>> *>(&lp->get_v1()));
    std::destroy_at(const_cast<std::vector<double> *>(&lp->get_x()));
    std::destroy_at(const_cast<std::vector<unsigned> *>(&lp->get_iters()));
}

int main(int argc, char **argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: lambert_kep3 CASES.csv OUT.csv\n");
        return 2;
    }
    std::ifstream in(argv[1]);
    std::vector<Case> cases;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::stringstream ss(line);
        double v[8];
        char comma;
        for (int k = 0; k < 8; ++k) {
            ss >> v[k];
            if (k < 7) ss >> comma;
        }
        if (!ss) {
            std::fprintf(stderr, "bad line: %s\n", line.c_str());
            return 1;
        }
        cases.push_back({{v[0], v[1], v[2]}, {v[3], v[4], v[5]}, v[6], v[7]});
    }
    alignas(64) static unsigned char buf[4096];
    std::vector<std::array<double, 3>> out(2 * cases.size());
    for (size_t k = 0; k < cases.size(); ++k) solve(cases[k], buf, out[2 * k], out[2 * k + 1]);

    using clk = std::chrono::steady_clock;
    auto t0 = clk::now();
    size_t n = 0;
    double sink = 0.0;
    std::array<double, 3> a, b;
    while (std::chrono::duration<double>(clk::now() - t0).count() < 1.0) {
        for (const auto &c : cases) {
            solve(c, buf, a, b);
            sink += a[0];
        }
        n += cases.size();
    }
    double dt = std::chrono::duration<double>(clk::now() - t0).count();
    std::printf("solves_per_s %.0f (checksum %.3f)\n", n / dt, sink);
    std::FILE *f = std::fopen(argv[2], "w");
    if (!f) return 1;
    for (size_t k = 0; k < cases.size(); ++k) {
        const auto &p = out[2 * k], &q = out[2 * k + 1];
        std::fprintf(f, "%.17e,%.17e,%.17e,%.17e,%.17e,%.17e\n", p[0], p[1], p[2], q[0], q[1], q[2]);
    }
    std::fclose(f);
    return 0;
}
