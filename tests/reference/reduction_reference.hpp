// SPDX-License-Identifier: MIT
// Values computed with PyTorch 1.13 (float64) by tests/reference/make_reduction_reference.py.
#pragma once

namespace etgrad_test::reduction_ref {

inline constexpr double max_chain_value = 2.210962770980723;
inline constexpr double max_chain_grad_0[] = {1.7551651237807455, 0.7247155089533472, 0.27318771239607675, 0.1414744033354058, 1.910672978251212, 1.529684374568977};
inline constexpr double max_ties_value = 9.0;
inline constexpr double max_ties_grad_0[] = {0.0, 0.75, 0.75, 0.75, 0.0, 0.75};
inline constexpr double min_all_value = 5.76;
inline constexpr double min_all_grad_0[] = {0.0, -9.6, 0.0, 0.0, 0.0, 0.0};
inline constexpr double prod_all_value = 0.37799999999999995;
inline constexpr double prod_all_grad_0[] = {0.7559999999999999, -0.31499999999999995, 0.18899999999999997, 0.25199999999999995, 1.2599999999999998, -0.5399999999999999};
inline constexpr double prod_one_zero_value = -0.0;
inline constexpr double prod_one_zero_grad_0[] = {-0.0, -1.5, -0.0, -0.0, 0.0, -0.0};
inline constexpr double prod_two_zeros_value = 1.0;
inline constexpr double prod_two_zeros_grad_0[] = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
inline constexpr double logsumexp_all_value = 2.3343622428121424;
inline constexpr double logsumexp_all_grad_0[] = {-0.11169912936890164, 0.12971895987868926, -0.0580998547309985, -0.10371244126303314, -0.07441901313482287, 0.1340907268809352};
inline constexpr double max_axis_ties_value = 3.0;
inline constexpr double max_axis_ties_grad_0[] = {0.0, 2.0, 0.0, -1.0, 0.0, 0.0};
inline constexpr double max_axis0_value = 2.3;
inline constexpr double max_axis0_grad_0[] = {0.0, 0.0, 1.0, 0.5, -1.5, 0.0};
inline constexpr double min_axis_neg_value = -1.7;
inline constexpr double min_axis_neg_grad_0[] = {0.0, 2.0, 0.0, 0.0, 0.0, -1.0};
inline constexpr double prod_axis0_value = 1.375;
inline constexpr double prod_axis0_grad_0[] = {0.75, 3.0, 0.5, 0.25, -0.0, 2.0};
inline constexpr double prod_axis1_value = 2.25;
inline constexpr double prod_axis1_grad_0[] = {0.0, 0.0, 0.0, 1.5, -4.5, 0.75};
inline constexpr double logsumexp_axis_value = 2.623386997614082;
inline constexpr double logsumexp_axis_grad_0[] = {0.3530841177327423, 0.06450265091446804, 1.5824132313527897, -0.7082166164414094, -0.21331074565219665, -0.07847263790639376};
inline constexpr double softmax_axis1_value = 1.246156468950649;
inline constexpr double softmax_axis1_grad_0[] = {0.08692176865227069, -0.0808748013574087, -0.00604696729486201, -0.34597355734845775, 0.4823993175955111, -0.13642576024705338};
inline constexpr double softmax_axis0_value = 3.595528415887343;
inline constexpr double softmax_axis0_grad_0[] = {0.1574903781052598, -0.45176659730912144, 0.013428170065810145, -0.15749037810525968, 0.4517665973091202, -0.013428170065810135};
inline constexpr double log_softmax_axis1_value = 2.8408361960884916;
inline constexpr double log_softmax_axis1_grad_0[] = {1.0882710294331857, -1.983874337271383, 0.8956033078381974, -1.3434873869931714, 2.5200508222825575, -1.176563435289386};
inline constexpr double mean_log_softmax_value = -1.6396007068966565;
inline constexpr double mean_log_softmax_grad_0[] = {0.07839563723348109, 0.15054100393804964, -0.22893664117153076, -0.1874416415540381, 0.06001129384056833, 0.12743034771346978};
inline constexpr double softmax_3d_value = -0.21304728796693695;
inline constexpr double softmax_3d_grad_0[] = {0.039217469115496915, -0.1371654709854102, -0.22781479623101863, 0.29250477465579716, 0.18859732711552157, -0.15533930367038698, -0.30679344825404087, 0.2105137853552111, 0.32328231125954615, -0.24224000175305618, -0.016488863005505273, 0.03172621639784515};
inline constexpr double max_3d_value = 3.5;
inline constexpr double max_3d_grad_0[] = {0.0, 0.0, 1.0, 0.0, 0.0, -0.5, 2.0, 0.0, 0.0, 0.75, 0.0, 0.0};
inline constexpr double prod_3d_value = -0.45750000000000013;
inline constexpr double prod_3d_grad_0[] = {-0.9900000000000001, -0.38999999999999996, -0.18000000000000002, 0.26, 0.22000000000000003, 0.12, -0.24000000000000002, -2.4750000000000005, 0.56, -0.11250000000000002, -0.42, 0.16500000000000004};
inline constexpr double logsumexp_3d_value = 5.268960497615572;
inline constexpr double logsumexp_3d_grad_0[] = {0.2636801066060321, -0.054393769783503014, 0.6485484105583929, -0.14785759598388093, 0.08777148283557507, -0.2977486342326161, 0.9484527043304849, 0.08005921024996214, 0.348916250846642, 0.6537771139671685, 0.7026310448228733, 0.01616367578286938};
inline constexpr double log_softmax_3d_value = -14.512097625341099;
inline constexpr double log_softmax_3d_grad_0[] = {-0.18656047972714462, -1.7008342661907334, -2.4184678475127677, 1.063216777911345, 2.6050283272399124, 0.6376174882793886, -1.258762163464388, 1.3131951760834217, 1.7208669993226864, -2.2754799325900597, -0.46210483585829865, 0.9622847565066381};
inline constexpr double softmax_of_chain_value = 3.0021259405320597;
inline constexpr double softmax_of_chain_grad_0[] = {0.0011350860801980292, 0.06290551525765967, 1.4862928321108666, 1.858953796375008, 0.0800080397285033, 0.24275867995132483};

}  // namespace etgrad_test::reduction_ref
