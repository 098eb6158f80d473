// SPDX-License-Identifier: MIT
// The engine: second derivatives, autograd::grad, hooks, retained gradients, freed graphs,
// in-place changes, the errors PyTorch raises (with its wording), deep graphs and threads.
// Reference numbers come from PyTorch 1.13 (float64).
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support.hpp"

BOOST_AUTO_TEST_SUITE(autograd)

BOOST_AUTO_TEST_CASE(second_derivative_through_create_graph) {
    auto x = eg::tensor({0.5, 1.5, -0.7}, f64);
    auto y = (eg::exp(eg::sin(x)) * x).sum();
    auto g = eg::autograd::grad({y}, {x}, {}, {}, /*create_graph=*/true)[0];
    check_close(g, {2.3238584087717795, 2.999184887031056, 0.24395448377671525});
    BOOST_TEST(g.requires_grad());
    g.sum().backward();
    check_close(x.grad(), {3.06963064895165, -3.6530765563564453, 0.35140179118415305});
}

BOOST_AUTO_TEST_CASE(hessian_rows_with_retain_graph) {
    auto x = eg::tensor({0.3, 2.0}, f64);
    auto y = (x.pow(3) / (1 + x)).mean();
    auto g = eg::autograd::grad({y}, {x}, {}, {}, true)[0];
    check_close(g, {0.09585798816568046, 1.5555555555555556});
    check_close(eg::autograd::grad({g[0]}, {x}, {}, true)[0], {0.5448338643604915, 0.0});
    check_close(eg::autograd::grad({g[1]}, {x})[0], {0.0, 0.9629629629629631});
}

BOOST_AUTO_TEST_CASE(second_derivative_through_an_index) {
    auto x = eg::tensor({0.5, 2.0}, f64);
    auto g = eg::autograd::grad({x[0] * x[1].pow(2)}, {x}, {}, {}, true)[0];
    check_close(g, {4.0, 2.0});
    BOOST_TEST(g.grad_fn()->next_functions()[0].function->name() == "SelectBackwardBackward0");
    check_close(eg::autograd::grad({g[0]}, {x}, {}, true)[0], {0.0, 4.0});
    check_close(eg::autograd::grad({g[1]}, {x})[0], {4.0, 1.0});
    BOOST_TEST(!eg::autograd::grad({x[1] * 3}, {x}, {}, {}, true)[0].requires_grad());  // a constant gradient
}

// torch 1.13: x = torch.ones(3, requires_grad=True); for y in (x * 2, 2 * x, 1 - x, 2 / x,
// torch.pow(2., x), x + x): print(y.grad_fn.name(), y.grad_fn.next_functions)
BOOST_AUTO_TEST_CASE(a_number_operand_shows_as_pytorch_shows_it) {
    auto x = eg::ones({3}, eg::requires_grad());
    const auto edges = [](const eg::tensor& y) {
        std::string text(y.grad_fn()->name());
        for (const auto& e : y.grad_fn()->next_functions())
            text += e.function ? " " + std::string(e.function->name()) : std::string(" None");
        return text;
    };
    BOOST_TEST(edges(x * 2) == "MulBackward0 torch::autograd::AccumulateGrad None");
    BOOST_TEST(edges(2 * x) == "MulBackward0 torch::autograd::AccumulateGrad None");
    BOOST_TEST(edges(1 - x) == "RsubBackward1 torch::autograd::AccumulateGrad");
    BOOST_TEST(edges(2 / x) == "MulBackward0 torch::autograd::AccumulateGrad None");  // (Python's: ReciprocalBackward0 None)
    BOOST_TEST(edges(eg::pow(2.0, x)) == "PowBackward2 torch::autograd::AccumulateGrad");
    BOOST_TEST(edges(x + x) == "AddBackward0 torch::autograd::AccumulateGrad torch::autograd::AccumulateGrad");
}

// An operation of one tensor on a temporary may compute in the temporary's memory and return its
// record (tape/elementwise.hpp, computes_in_operand): results and histories as for a new tensor,
// and never where another handle, a view, a detached alias or a retained gradient would see it.
// d/dx 1.5 sin(x) = 1.5 cos(x); x = [0.5, -1, 2].
BOOST_AUTO_TEST_CASE(an_operation_on_a_temporary_changes_nothing_anyone_can_see) {
    const std::vector<double> at{0.5, -1.0, 2.0};
    std::vector<double> sin_x, slope;
    for (const double v : at) {
        sin_x.push_back(std::sin(v));
        slope.push_back(1.5 * std::cos(v));
    }
    const std::vector<double> scaled{1.5 * sin_x[0], 1.5 * sin_x[1], 1.5 * sin_x[2]};
    auto x = eg::tensor({0.5, -1.0, 2.0}, f64);

    auto y = x.sin() * 1.5;  // the temporary's memory
    check_close(y, scaled);
    BOOST_TEST(name_of(y) == "MulBackward0");
    BOOST_TEST(std::string(y.grad_fn()->next_functions()[0].function->name()) == "SinBackward0");
    BOOST_TEST(y._version() == 0u);
    y.sum().backward();
    check_close(x.grad(), slope);

    auto kept = x.sin();  // another handle
    auto copy = kept;
    check_close(std::move(kept) * 1.5, scaled);
    check_close(copy, sin_x);

    auto viewed = x.sin();  // a view of it
    const auto view = viewed.view({3});
    check_close(std::move(viewed) * 1.5, scaled);
    check_close(view, sin_x);

    auto detached_from = x.sin();  // a detached alias
    const auto detached = detached_from.detach();
    check_close(std::move(detached_from) * 1.5, scaled);
    check_close(detached, sin_x);

    auto retained = x.sin();  // its gradient retained: it stays itself and receives its gradient
    retained.retain_grad();
    x.grad().zero_();
    (std::move(retained) * 1.5).sum().backward();
    check_close(retained.grad(), {1.5, 1.5, 1.5});
    check_close(x.grad(), slope);

    auto changed = x.detach().sin();  // its version bumped: a new tensor's is 0
    changed.mul_(1.0);
    BOOST_TEST((std::move(changed) * 1.5)._version() == 0u);

    auto leaf = eg::tensor({0.5, -1.0, 2.0}, f64);  // a leaf that requires grad keeps its memory
    auto doubled = std::move(leaf) * 2;
    BOOST_TEST(std::string(doubled.grad_fn()->next_functions()[0].function->name()) == "torch::autograd::AccumulateGrad");
    check_close(leaf, at);

    auto recorded = x.sin();  // no history in no_grad mode, whatever the temporary had
    eg::no_grad_guard no_grad;
    const auto unrecorded = std::move(recorded) * 1.5;
    BOOST_TEST(!unrecorded.requires_grad());
    BOOST_TEST(!unrecorded.grad_fn());
    check_close(unrecorded, scaled);
}

BOOST_AUTO_TEST_CASE(broadcast_gradients_sum_back_to_each_shape) {
    auto a = eg::tensor({{1.0, 2.0, 3.0}}, f64);
    auto b = eg::tensor({{0.5}, {-1.0}}, f64);
    (a * b + a / (b + 2)).sum().backward();
    BOOST_TEST(a.grad().sizes() == (std::vector<std::int64_t>{1, 3}));
    BOOST_TEST(b.grad().sizes() == (std::vector<std::int64_t>{2, 1}));
    check_close(a.grad(), {0.9, 0.9, 0.9}, 1e-14);
    check_close(b.grad(), {5.04, 0.0}, 1e-14);
}

BOOST_AUTO_TEST_CASE(autograd_grad_leaves_grad_untouched) {
    auto x = eg::tensor({1.0, 2.0}, f64);
    auto g = eg::autograd::grad({(x * x).sum()}, {x})[0];
    check_close(g, {2.0, 4.0});
    BOOST_TEST(!x.grad().defined());
}

BOOST_AUTO_TEST_CASE(unused_input) {
    auto x = eg::tensor({1.0, 2.0}, f64);
    auto unused = eg::tensor({1.0}, f64);
    BOOST_TEST(error_of([&] { eg::autograd::grad({(x * x).sum()}, {x, unused}); }) ==
               "One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if "
               "this is the desired behavior.");
    const auto grads = eg::autograd::grad({(x * x).sum()}, {x, unused}, {}, {}, false, /*allow_unused=*/true);
    BOOST_TEST(grads[0].defined());
    BOOST_TEST(!grads[1].defined());
    // torch.autograd.grad's own checks
    BOOST_TEST(error_of([&] { eg::autograd::grad({x.sum()}, {}); }) == "grad requires non-empty inputs.");
    BOOST_TEST(error_of([&] { eg::autograd::grad({x.sum(), (x * x).sum()}, {x}, {eg::tensor(1.0)}); }) ==
               "got 2 tensors and 1 gradients");
}

// A node that ran resets the engine's bookkeeping on it; a backward that leaves nodes waiting
// (autograd::grad not running what its inputs do not need, or an exception) resets theirs at its
// end, so that the next backward through the same graph sees all of it.
BOOST_AUTO_TEST_CASE(a_backward_that_stops_early_leaves_the_graph_whole) {
    auto x = eg::tensor({1.0, 2.0}, f64);
    auto w = eg::tensor({3.0, 4.0}, f64);
    auto y = (x * w).sum() + (w * w).sum();  // dy/dx = w, dy/dw = x + 2 w
    check_close(eg::autograd::grad({y}, {x}, {}, /*retain_graph=*/true)[0], {3.0, 4.0});
    auto stopped = y * 1.0;
    stopped.register_hook([](const eg::tensor&) -> eg::tensor { throw std::runtime_error("stopped"); });
    BOOST_TEST(error_of([&] { stopped.backward({}, /*retain_graph=*/true); }) == "stopped");
    y.backward();
    check_close(x.grad(), {3.0, 4.0});
    check_close(w.grad(), {7.0, 10.0});
}

BOOST_AUTO_TEST_CASE(hooks_see_and_replace_gradients) {
    auto x = eg::tensor({1.0, 2.0}, f64);
    auto y = x * 3;
    std::vector<double> seen;
    y.register_hook([&](const eg::tensor& g) {
        seen.push_back(g.data_ptr<double>()[0]);
        return eg::tensor{};
    });
    x.register_hook([](const eg::tensor& g) { return g * 2; });
    y.sum().backward();
    BOOST_TEST(seen == std::vector<double>{1.0});
    check_close(x.grad(), {6.0, 6.0});
}

// torch 1.13: x = torch.tensor([1., 2.], requires_grad=True); x.register_hook(lambda g: g * 10)
// before x is used; (x * 2).sum().backward() -> x.grad [20., 20.]; another graph after the first
// is freed: [50., 50.]; torch.autograd.grad((x * 2).sum(), x) -> [2., 2.] (no hooks), and the
// same for a non-leaf h = x * 1 with a hook.
BOOST_AUTO_TEST_CASE(leaf_hooks_stay_with_the_leaf) {
    auto x = eg::tensor({1.0, 2.0}, f64);
    x.register_hook([](const eg::tensor& g) { return g * 10; });
    (x * 2).sum().backward();
    check_close(x.grad(), {20.0, 20.0});
    (x * 3).sum().backward();  // a new graph, a new accumulator: the hook is the leaf's
    check_close(x.grad(), {50.0, 50.0});
    check_close(eg::autograd::grad({(x * 2).sum()}, {x})[0], {2.0, 2.0});
    auto h = x * 1;
    h.register_hook([](const eg::tensor& g) { return g * 10; });
    check_close(eg::autograd::grad({(h * 2).sum()}, {h})[0], {2.0, 2.0});
}

// LibTorch's errors for a C++ hook (numbered, where Python names the function).
BOOST_AUTO_TEST_CASE(a_hook_keeps_the_type_and_shape) {
    auto x = eg::ones({2}, eg::requires_grad());
    auto y = x * 2;
    y.register_hook([](const eg::tensor&) { return eg::ones({3}); });
    BOOST_TEST(error_of([&] { y.sum().backward(); }) == "hook '0' has changed the size of value");
    auto z = x * 2;
    z.register_hook([](const eg::tensor& g) { return g.to(eg::float64); });
    BOOST_TEST(error_of([&] { z.sum().backward(); }) ==
               "hook '0' has changed the type of value (was CPUFloatType got CPUDoubleType)");
}

// torch 1.13: a.to(torch.int64) + 1 -> tensor([2, 3]) (no grad_fn); r = a.to(int64).to(float32);
// (r * a).sum().backward() -> a.grad [1., 2.]: an integer copy leaves the graph.
BOOST_AUTO_TEST_CASE(an_integer_copy_leaves_the_graph) {
    auto a = eg::tensor({1.5, 2.5}, eg::requires_grad());
    BOOST_TEST(printed(a.to(eg::int64) + 1) == "tensor([2, 3])");
    BOOST_TEST(!a.to(eg::int64).requires_grad());
    auto r = a.to(eg::int64).to(eg::float32);
    (r * a).sum().backward();
    check_close(a.grad(), {1.0, 2.0});
    BOOST_TEST(error_of([&] { a.to(eg::int64).sum().backward(); }) ==
               "element 0 of tensors does not require grad and does not have a grad_fn");
}

// A node's backward may compute its input's gradient in the memory of the gradient it received,
// but only when nothing else holds that gradient: here a hook keeps one, retain_grad and
// autograd::grad's inputs others, and each must still read what it was given.
BOOST_AUTO_TEST_CASE(a_gradient_held_elsewhere_is_not_overwritten) {
    auto x = eg::tensor({0.5, 1.0, 2.0}, f64);
    auto y = x * 3;
    auto z = y.sin();
    eg::tensor seen;
    z.register_hook([&](const eg::tensor& g) {
        seen = g;
        return eg::tensor{};
    });
    y.retain_grad();
    (z * 2).sum().backward();
    check_close(seen, {2.0, 2.0, 2.0});
    check_close(y.grad(), {2 * std::cos(1.5), 2 * std::cos(3.0), 2 * std::cos(6.0)});
    check_close(x.grad(), {6 * std::cos(1.5), 6 * std::cos(3.0), 6 * std::cos(6.0)});

    auto u = x.exp();
    auto v = u * u;
    const auto grads = eg::autograd::grad({(v * 5).sum()}, {v, u});
    check_close(grads[0], {5.0, 5.0, 5.0});
    check_close(grads[1], {10 * std::exp(0.5), 10 * std::exp(1.0), 10 * std::exp(2.0)});
}

// A reduction's backward spreads each result element's gradient over its group: along a middle
// axis, with and without keepdim, and when recording (create_graph), with the same numbers.
BOOST_AUTO_TEST_CASE(reduction_gradients_reach_their_groups) {
    std::vector<double> values(12);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = 0.1 * static_cast<double>(i) - 0.4;
    const std::vector<double> weights{1.0, -2.0, 3.0, 0.5};  // per (i, k) of the (2, 2) result
    for (const bool create_graph : {false, true}) {
        for (const bool keepdim : {false, true}) {
            BOOST_TEST_CONTEXT("create_graph " << create_graph << ", keepdim " << keepdim) {
                auto x = eg::zeros({2, 3, 2}, f64);
                std::copy(values.begin(), values.end(), x.data_ptr<double>());
                auto w = eg::zeros({2, 2}, eg::float64);
                std::copy(weights.begin(), weights.end(), w.data_ptr<double>());
                auto y = x.sin().mean(1, keepdim);
                auto loss = (y.reshape({2, 2}) * w).sum();
                const auto g = eg::autograd::grad({loss}, {x}, {}, {}, create_graph)[0];
                std::vector<double> expected;
                for (std::size_t i = 0; i < 2; ++i)
                    for (std::size_t j = 0; j < 3; ++j)
                        for (std::size_t k = 0; k < 2; ++k)
                            expected.push_back(weights[i * 2 + k] * std::cos(values[(i * 3 + j) * 2 + k]) / 3);
                check_close(g, expected);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(retain_grad_keeps_a_non_leaf_gradient) {
    auto x = eg::tensor({1.0, 2.0}, f64);
    auto y = x * x;
    auto z = y * 3;
    BOOST_TEST(!y.grad().defined());
    y.retain_grad();
    z.sum().backward();
    check_close(y.grad(), {3.0, 3.0});
    BOOST_TEST(!z.grad().defined());
}

BOOST_AUTO_TEST_CASE(backward_twice) {
    auto x = eg::ones({3}, eg::requires_grad());
    auto y = (x * x).sum();
    y.backward();
    BOOST_TEST(error_of([&] { y.backward(); }).starts_with(
        "Trying to backward through the graph a second time (or directly access saved tensors after they have "
        "already been freed)."));
    printed(x.grad());
    BOOST_TEST(printed(x.grad()) == "tensor([2., 2., 2.])");  // the failed backward changed nothing

    auto kept = (x * x).sum();
    kept.backward({}, /*retain_graph=*/true);
    kept.backward();
    BOOST_TEST(printed(x.grad()) == "tensor([6., 6., 6.])");

    auto nothing_saved = (x + x).sum();  // PyTorch only complains where the graph saved values
    nothing_saved.backward();
    nothing_saved.backward();
    BOOST_TEST(printed(x.grad()) == "tensor([10., 10., 10.])");

    auto saved_number = (x * 2).sum();  // PyTorch's MulBackward0 saves the number (as a tensor)
    saved_number.backward();
    BOOST_TEST(error_of([&] { saved_number.backward(); }).starts_with("Trying to backward through the graph a second time"));
    auto divided = (x / 2).sum();
    divided.backward();
    BOOST_TEST(error_of([&] { divided.backward(); }).starts_with("Trying to backward through the graph a second time"));
    BOOST_TEST(printed(x.grad()) == "tensor([12.5000, 12.5000, 12.5000])");
}

BOOST_AUTO_TEST_CASE(modified_by_an_inplace_operation) {
    auto x = eg::ones({3}, eg::requires_grad());
    auto a = x + 1;
    auto b = a * a;
    BOOST_TEST(a._version() == 0u);
    a.add_(1);
    BOOST_TEST(a._version() == 1u);
    BOOST_TEST(error_of([&] { b.sum().backward(); }) ==
               "one of the variables needed for gradient computation has been modified by an inplace operation: "
               "[torch.FloatTensor [3]], which is output 0 of AddBackward0, is at version 1; expected version 0 "
               "instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, "
               "with torch.autograd.set_detect_anomaly(True).");
    BOOST_TEST(!x.grad().defined());
    // a's own history now includes the addition
    BOOST_TEST(a.grad_fn()->name() == "AddBackward0");
    a.sum().backward();
    BOOST_TEST(printed(x.grad()) == "tensor([1., 1., 1.])");
}

BOOST_AUTO_TEST_CASE(in_place_errors) {
    auto x = eg::ones({3}, eg::requires_grad());
    BOOST_TEST(error_of([&] { x.add_(1); }) == "a leaf Variable that requires grad is being used in an in-place operation.");
    {
        eg::no_grad_guard guard;
        x.mul_(2);  // allowed without grad mode, as optimisers do
    }
    BOOST_TEST(printed(x) == "tensor([2., 2., 2.], requires_grad=True)");
    BOOST_TEST(printed((x * 2).requires_grad_()) == "tensor([4., 4., 4.], grad_fn=<MulBackward0>)");  // (a no-op)
    BOOST_TEST(error_of([&] { (x * 2).requires_grad_(false); }) ==
               "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a "
               "subgraph that doesn't require differentiation use var_no_grad = var.detach().");
    BOOST_TEST(error_of([&] { x.set_grad(eg::ones({2})); }) == "assigned grad has data of a different size");
    BOOST_TEST(error_of([&] { x.set_grad(eg::ones({3}, eg::float64)); }) == "assigned grad has data of a different type");
    BOOST_TEST(error_of([&] { eg::arange(0.0, 1.0, -0.1); }) == "upper bound and larger bound inconsistent with step sign");
    BOOST_TEST(error_of([&] { eg::tensor({1.0, 2.0, 3.0}).slice(0, 0, 2).detach_(); }).starts_with(
        "Can't detach views in-place. Use detach() instead."));
    BOOST_TEST(error_of([&] { eg::tensor({1, 2}).requires_grad_(); }) ==
               "only Tensors of floating point dtype can require gradients");
}

BOOST_AUTO_TEST_CASE(shape_errors) {
    auto x = eg::ones({3}, eg::requires_grad());
    BOOST_TEST(error_of([&] { (x * 2).backward(eg::ones({2})); }) ==
               "Mismatch in shape: grad_output[0] has a shape of [2] and output[0] has a shape of [3].");
    BOOST_TEST(!x.grad().defined());
    BOOST_TEST(error_of([&] { return x + eg::ones({4}); }) ==
               "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0");
    BOOST_TEST(error_of([&] { return x.sum(3); }) == "Dimension out of range (expected to be in range of [-1, 0], but got 3)");
    BOOST_TEST(error_of([&] { return x.sum(-3); }) == "Dimension out of range (expected to be in range of [-1, 0], but got -3)");
}

BOOST_AUTO_TEST_CASE(detach_shares_memory_and_version) {
    auto x = eg::tensor({1.0f, 2.0f}, eg::requires_grad());
    auto d = x.detach();
    BOOST_TEST(!d.requires_grad());
    d.mul_(3);
    BOOST_TEST(printed(x) == "tensor([3., 6.], requires_grad=True)");
    BOOST_TEST(x._version() == 1u);
}

BOOST_AUTO_TEST_CASE(grad_mode_is_per_thread) {
    eg::no_grad_guard guard;
    BOOST_TEST(!eg::is_grad_enabled());
    bool other_thread = false;
    std::thread([&] { other_thread = eg::is_grad_enabled(); }).join();
    BOOST_TEST(other_thread);
    {
        eg::enable_grad_guard enable;
        BOOST_TEST(eg::is_grad_enabled());
    }
    BOOST_TEST(!eg::is_grad_enabled());
}

BOOST_AUTO_TEST_CASE(two_threads_build_and_differentiate_their_own_graphs) {
    std::vector<double> results(2);
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t)
        threads.emplace_back([&results, t] {
            auto x = eg::full({16}, 0.5 + t, f64);
            for (int i = 0; i < 2000; ++i) {
                auto y = (x * x * (t + 1)).sum();
                y.backward();
            }
            results[static_cast<std::size_t>(t)] = x.grad().data_ptr<double>()[0];
        });
    for (auto& thread : threads) thread.join();
    BOOST_TEST(results[0] == 2000 * 2 * 0.5 * 1);
    BOOST_TEST(results[1] == 2000 * 2 * 1.5 * 2);
}

BOOST_AUTO_TEST_CASE(a_million_node_chain) {
    // backward and destruction run in loops, not recursion: the default stack suffices
    constexpr int n = 1'000'000;
    auto x = eg::tensor({1.0}, f64);
    {
        eg::tensor y = x;
        for (int i = 0; i < n; ++i) y = y * 1.0000001;
        y.sum().backward();
    }
    check_close(x.grad(), {std::pow(1.0000001, n)}, 1e-9);
}

BOOST_AUTO_TEST_SUITE_END()
