// SPDX-License-Identifier: MIT
// SGD and Adam against PyTorch 1.13: 100 steps on a least-squares problem, the weights after
// steps 1, 10 and 100 (tests/tape/make_optim_reference.py), and the seed's SGD loop.
#include <boost/test/unit_test.hpp>

#include <array>
#include <functional>
#include <memory>
#include <string>

#include <etgrad/optim.hpp>

#include "support.hpp"

namespace {

struct trajectory {
    std::string name;
    std::array<std::array<float, 3>, 3> weights;  // after steps 1, 10, 100
};

const trajectory references[] = {
    {"sgd", {{{0.190919995f, -0.13448f, 0.277759999f}, {0.547721207f, 0.214899659f, 0.28274554f}, {0.662986696f, 0.453020394f, 0.40081954f}}}},
    {"sgd momentum", {{{0.145459995f, -0.167240009f, 0.28888002f}, {0.92721957f, 0.626394391f, 0.328784496f}, {0.662643313f, 0.45430547f, 0.403276473f}}}},
    {"sgd dampening weight_decay", {{{0.145410001f, -0.167140007f, 0.288729995f}, {0.713979006f, 0.353080481f, 0.255920649f}, {0.657427549f, 0.448245347f, 0.395452201f}}}},
    {"sgd nesterov", {{{0.186373994f, -0.137756005f, 0.278872013f}, {0.833346128f, 0.595596135f, 0.386898279f}, {0.663048685f, 0.453118235f, 0.400935054f}}}},
    {"sgd maximize", {{{0.0909080058f, -0.206551999f, 0.30222401f}, {0.00141342357f, -0.268931955f, 0.32626f}, {-2.46598482f, -1.45462728f, 1.53934848f}}}},
    {"adam", {{{0.150000006f, -0.150000006f, 0.25000003f}, {0.556707621f, 0.27268827f, 0.239921167f}, {0.666187942f, 0.453905195f, 0.40342772f}}}},
    {"adam weight_decay amsgrad", {{{0.119999982f, -0.180000037f, 0.280000091f}, {0.291567296f, -0.00570321642f, 0.156668156f}, {0.611526191f, 0.409164578f, 0.351974547f}}}},
    {"adam maximize", {{{0.0900000036f, -0.210000008f, 0.310000002f}, {-0.000642163679f, -0.300490648f, 0.401459038f}, {-1.11705744f, -1.38274157f, 1.61941338f}}}},
};

// One optimiser behind one interface, for the table.
struct stepper {
    std::function<void()> zero_grad, step;
};

template <class Optimizer, class Options>
stepper make(const eg::tensor& w, const Options& options) {
    auto opt = std::make_shared<Optimizer>(std::vector<eg::tensor>{w}, options);
    return {[opt] { opt->zero_grad(); }, [opt] { opt->step(); }};
}

stepper optimiser_named(const std::string& name, const eg::tensor& w) {
    namespace optim = eg::optim;
    if (name == "sgd") return make<optim::sgd>(w, optim::sgd_options{.lr = 0.1});
    if (name == "sgd momentum") return make<optim::sgd>(w, optim::sgd_options{.lr = 0.05, .momentum = 0.9});
    if (name == "sgd dampening weight_decay")
        return make<optim::sgd>(w, optim::sgd_options{.lr = 0.05, .momentum = 0.8, .dampening = 0.3, .weight_decay = 0.01});
    if (name == "sgd nesterov") return make<optim::sgd>(w, optim::sgd_options{.lr = 0.05, .momentum = 0.9, .nesterov = true});
    if (name == "sgd maximize") return make<optim::sgd>(w, optim::sgd_options{.lr = 0.01, .maximize = true});
    if (name == "adam") return make<optim::adam>(w, optim::adam_options{.lr = 0.05});
    if (name == "adam weight_decay amsgrad")
        return make<optim::adam>(w, optim::adam_options{.lr = 0.02, .betas = {0.8, 0.99}, .eps = 1e-6, .weight_decay = 0.1, .amsgrad = true});
    if (name == "adam maximize") return make<optim::adam>(w, optim::adam_options{.lr = 0.01, .maximize = true});
    throw std::invalid_argument(name);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(optim)

BOOST_AUTO_TEST_CASE(least_squares_trajectories_match_pytorch) {
    const auto X = eg::tensor({{1.0f, 0.5f, -0.3f}, {0.2f, -1.0f, 0.8f}, {1.5f, 0.3f, 0.1f}, {-0.7f, 0.9f, 1.2f}, {0.4f, 0.4f, -1.1f}});
    const auto y = eg::tensor({0.7f, -0.4f, 1.3f, 0.2f, -0.5f});
    for (const trajectory& reference : references) {
        BOOST_TEST_CONTEXT(reference.name) {
            auto w = eg::tensor({0.1f, -0.2f, 0.3f}, eg::requires_grad());
            stepper opt = optimiser_named(reference.name, w);
            std::size_t checkpoint = 0;
            for (int step = 1; step <= 100; ++step) {
                opt.zero_grad();
                auto loss = ((X * w).sum(1) - y).pow(2).mean();
                loss.backward();
                opt.step();
                if (step != 1 && step != 10 && step != 100) continue;
                for (std::size_t i = 0; i < 3; ++i)
                    BOOST_TEST(w.data_ptr<float>()[i] == reference.weights[checkpoint][i], boost::test_tools::tolerance(2e-5f));
                ++checkpoint;
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(seed_001_sgd_loop) {
    auto x = eg::ones({4}, eg::requires_grad());
    eg::optim::sgd optimizer({x}, 0.01);
    const char* expected_old[] = {"1.0", "0.9700000286102295", "0.940000057220459"};
    const char* expected_new[] = {"0.9700000286102295", "0.940000057220459", "0.9100000858306885"};
    const char* printed_x[] = {"tensor([0.9700, 0.9700, 0.9700, 0.9700], requires_grad=True)",
                               "tensor([0.9400, 0.9400, 0.9400, 0.9400], requires_grad=True)",
                               "tensor([0.9100, 0.9100, 0.9100, 0.9100], requires_grad=True)"};
    for (int epoch = 0; epoch < 3; ++epoch) {
        auto y = (x * 3).sum();
        y.backward();
        BOOST_TEST(eg::format(x.grad()) == "tensor([3., 3., 3., 3.])");
        auto x_old = x.clone();
        optimizer.step();
        BOOST_TEST(eg::format(x_old[0]) == expected_old[epoch]);
        BOOST_TEST(eg::format(x.grad()[0]) == "3.0");
        BOOST_TEST(eg::format(x_old[0] - (x.grad()[0] * 0.01)) == expected_new[epoch]);
        BOOST_TEST("x: " + eg::format(x) == std::string("x: ") + printed_x[epoch]);
        x.grad().zero_();
    }
}

BOOST_AUTO_TEST_CASE(zero_grad_and_errors) {
    auto w = eg::ones({2}, eg::requires_grad());
    eg::optim::sgd opt({w}, 0.1);
    (w * 2).sum().backward();
    opt.zero_grad();
    BOOST_TEST(printed(w.grad()) == "tensor([0., 0.])");
    opt.zero_grad(/*set_to_none=*/true);
    BOOST_TEST(!w.grad().defined());
    opt.step();  // parameters without a gradient are left alone
    BOOST_TEST(printed(w) == "tensor([1., 1.], requires_grad=True)");
    BOOST_CHECK_THROW(eg::optim::sgd({w}, {.lr = 0.1, .nesterov = true}), std::invalid_argument);
    BOOST_CHECK_THROW(eg::optim::adam({w}, {.lr = -1.0}), std::invalid_argument);
    BOOST_CHECK_THROW(eg::optim::sgd({w * 2}, 0.1), std::invalid_argument);
    // torch 1.13's texts, its numbers as Python prints them: SGD(p, lr=-0.1), Adam(p, 0.1,
    // betas=(1.0, 0.9)), SGD(p, lr=0.1, momentum=-1e-20)
    BOOST_TEST(error_of([&] { eg::optim::sgd({w}, -0.1); }) == "Invalid learning rate: -0.1");
    BOOST_TEST(error_of([&] { eg::optim::adam({w}, {.lr = 0.1, .betas = {1.0, 0.9}}); }) == "Invalid beta parameter at index 0: 1.0");
    BOOST_TEST(error_of([&] { eg::optim::sgd({w}, {.lr = 0.1, .momentum = -1e-20}); }) == "Invalid momentum value: -1e-20");
}

BOOST_AUTO_TEST_SUITE_END()
